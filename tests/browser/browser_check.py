"""Run every numbered notebook in a real JupyterLab, in headless Chromium, the way a reader would.

    .venv/bin/python tests/browser/browser_check.py [--out test-output/browser] [--timeout 300] [NAME ...]

nbval proves the kernel gets the same results; this proves the *interface* does: JupyterLab opens each
notebook, Run > Run All Cells finishes with no error, every figure renders as an image, and (for
06_explore.ipynb) the "Actor" dropdown updates its table. A full-length screenshot of each notebook
goes to OUT/NAME.png (also when the check fails), the lab's log to OUT/jupyter.log.

The lab serves a temporary copy of notebooks/ (outputs stripped, so every image on the page was drawn
by this run), so the committed notebooks are never modified; the check fails if they changed anyway.
Kernels import the installed `newsbias`, so re-executed notebooks write data/processed/ and figures/
in the project, as `make run` does.

Needs Debian's chromium (tests/browser/install_chromium.sh) and the `playwright` package; never
`playwright install`, which downloads its own browsers.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import nbformat
from playwright.sync_api import BrowserContext, Page, sync_playwright
from playwright.sync_api import Error as PlaywrightError

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
# The project venv's own jupyter, beside the python running this script (not resolved: .venv/bin/python is a symlink).
JUPYTER = Path(sys.executable).with_name("jupyter")
# Tracked outputs the notebooks write; reported (not failed) if the run changes them.
ARTIFACTS = ["data/processed", "figures"]
NUMBERED_NOTEBOOK = re.compile(r"^\d\d_.+\.ipynb$")
EXPLORE_NOTEBOOK = "06_explore.ipynb"

SERVER_START_TIMEOUT_S = 120
KERNEL_READY_TIMEOUT_S = 120
# Run All should set a cell running within this; otherwise it is chosen once more.
RUN_START_TIMEOUT_S = 30
WIDGET_UPDATE_TIMEOUT_S = 60
VIEWPORT = {"width": 1400, "height": 1000}
# Chromium cannot capture a page much taller than its maximum texture size (16384 px).
MAX_SCREENSHOT_HEIGHT = 16000

# User settings for the throw-away lab: no news/update toast over the notebook; every cell attached to the DOM
# (the default "contentVisibility"/"full" windowing may leave off-screen cells and images unrendered); no blank
# scroll-past-end space at the bottom of the screenshots.
LAB_USER_SETTINGS = {
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false",
        "checkForUpdates": False,
        "doNotDisturbMode": True,
    },
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none", "scrollPastEnd": False},
}

# Evaluated in the page: where Run All stands. Empty prompts "[ ]" are cells Run All never reached (it stops at
# an error); "[*]" are queued or running.
RUN_STATE_JS = """() => {
    const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
    if (!panel) return null;
    const indicator = panel.querySelector('.jp-Notebook-ExecutionIndicator');
    const prompts = [...panel.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')]
        .map(p => p.textContent.trim());
    return {
        kernel: indicator ? indicator.dataset.status : null,
        cells: prompts.length,
        done: prompts.filter(p => /^\\[\\d+\\]/.test(p)).length,
        busy: prompts.filter(p => p.includes('*')).length,
    };
}"""

# A traceback or a bare "SomeError: ..." line in a stderr-typed output (JupyterLab renders both error outputs and
# stderr streams with this mime type; warnings, which are stderr too, match neither).
ERROR_TEXT = re.compile(r"Traceback|^\s*\w*(Error|Exception|Interrupt)\b", re.MULTILINE)


class CheckFailed(Exception):
    """A notebook misbehaved in the browser; the message says how."""


@dataclass
class NotebookResult:
    name: str
    code_cells: int
    images: int
    expected_images: int
    seconds: float
    note: str = ""


def main() -> int:
    args = parse_args()
    # A killed run (CI time-out, make interrupted) still unwinds the finally blocks that stop the lab and browser.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    if not CHROMIUM.exists():
        print(f"browser_check: {CHROMIUM} is missing; run 'bash tests/browser/install_chromium.sh' first.")
        return 2
    notebooks_dir = args.notebooks_dir.resolve()
    notebooks = select_notebooks(notebooks_dir, args.names)
    if not notebooks:
        print(f"browser_check: no numbered notebooks (NN_name.ipynb) to run in {notebooks_dir}.")
        return 2
    if not args.names and not (notebooks_dir / EXPLORE_NOTEBOOK).exists():
        print(f"note: no {EXPLORE_NOTEBOOK} yet, so the \"Actor\" dropdown check is skipped.")
    out = args.out if args.out.is_absolute() else ROOT / args.out
    out.mkdir(parents=True, exist_ok=True)

    before = notebooks_fingerprint(notebooks_dir)
    artifacts_before = git_status(*ARTIFACTS)
    started = time.monotonic()
    results: list[NotebookResult] = []
    failures: list[str] = []
    with tempfile.TemporaryDirectory(prefix="newsbias-browser-", ignore_cleanup_errors=True) as tmp:
        lab_root = prepare_lab_root(Path(tmp), notebooks)
        token = secrets.token_hex(16)
        lab_log = out / "jupyter.log"
        with jupyter_lab(Path(tmp), lab_root, token, lab_log) as base_url, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=["--no-sandbox"])
            try:
                context = browser.new_context(viewport=VIEWPORT)
                context.set_default_timeout(60_000)  # clicks and page loads; runs have their own --timeout
                for notebook in notebooks:
                    notebook_started = time.monotonic()
                    try:
                        result = check_notebook(context, base_url, token, lab_root, notebook, out, args.timeout)
                    except (CheckFailed, PlaywrightError) as error:
                        failures.append(f"{notebook.name}: {error}")
                        seconds = time.monotonic() - notebook_started
                        print(f"FAIL {notebook.name} ({seconds:.1f} s): {error}", flush=True)
                        continue
                    results.append(result)
                    print(
                        f"ok   {result.name}: {result.code_cells} code cells, "
                        f"{result.images}/{result.expected_images} images, {result.seconds:.1f} s"
                        + (f"; {result.note}" if result.note else ""),
                        flush=True,
                    )
            finally:
                browser.close()

    if notebooks_fingerprint(notebooks_dir) != before:
        failures.append(
            f"{notebooks_dir} changed during the run (git status or content); the check must only touch its "
            "temporary copy (or someone edited the notebooks meanwhile)."
        )
    rewritten = sorted(set(git_status(*ARTIFACTS).splitlines()) - set(artifacts_before.splitlines()))
    if rewritten:
        # Not a failure: uncommitted library changes legitimately change outputs. But say so, since it shows in git.
        print(f"note: the run changed {len(rewritten)} tracked artifacts: {', '.join(line[3:] for line in rewritten)}")
    elapsed = time.monotonic() - started
    if failures:
        print(f"browser check FAILED after {elapsed:.0f} s ({len(results)} of {len(notebooks)} notebooks passed):")
        for failure in failures:
            print(f"  - {failure}")
        print(f"Screenshots and the lab's log are in {out}.")
        return 1
    print(f"browser check passed: {len(results)} notebooks in {elapsed:.0f} s; screenshots in {out}")
    return 0


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*", help="notebook file names to run (default: every NN_*.ipynb)")
    parser.add_argument("--out", type=Path, default=Path("test-output/browser"),
                        help="folder for screenshots and the lab log (relative to the project root)")
    parser.add_argument("--timeout", type=float, default=300,
                        help="seconds one notebook may take to run all its cells (default 300)")
    parser.add_argument("--notebooks-dir", type=Path, default=ROOT / "notebooks",
                        help="folder of notebooks to check (default: the project's notebooks/)")
    return parser.parse_args()


def select_notebooks(folder: Path, names: list[str]) -> list[Path]:
    """The numbered notebooks in run order, or the named ones."""
    if names:
        missing = [name for name in names if not (folder / name).is_file()]
        if missing:
            raise SystemExit(f"browser_check: no such notebook in {folder}: {', '.join(missing)}")
        return [folder / name for name in sorted(names)]
    return sorted(path for path in folder.iterdir() if NUMBERED_NOTEBOOK.match(path.name))


def git_status(*paths: str | Path) -> str:
    """`git status --porcelain` of PATHS in the project ("" outside a git checkout)."""
    command = ["git", "status", "--porcelain", "--", *map(str, paths)]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False).stdout


def notebooks_fingerprint(folder: Path) -> tuple[str, dict[str, str]]:
    """`git status --porcelain` of the folder plus a hash of each notebook, to prove the run left them alone."""
    status = git_status(folder)
    hashes = {path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in sorted(folder.glob("*.ipynb"))}
    return status, hashes


def prepare_lab_root(tmp: Path, notebooks: list[Path]) -> Path:
    """Copy the notebooks into TMP/lab/notebooks without outputs or counts, so the page shows only this run's."""
    lab_root = tmp / "lab"
    (lab_root / "notebooks").mkdir(parents=True)
    for notebook in notebooks:
        content = nbformat.read(notebook, as_version=4)
        for cell in content.cells:
            if cell.cell_type == "code":
                cell.outputs = []
                cell.execution_count = None
        nbformat.write(content, lab_root / "notebooks" / notebook.name)
    # Settings and workspaces live in TMP too, so nothing saved by an earlier lab session interferes.
    for name, settings in LAB_USER_SETTINGS.items():
        plugin, _, file_name = name.rpartition("/")
        target = tmp / "user-settings" / plugin / file_name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(settings), encoding="utf-8")
    (tmp / "workspaces").mkdir()
    return lab_root


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def jupyter_lab(tmp: Path, lab_root: Path, token: str, log_path: Path):
    """Start the project's `jupyter lab` on a free port, logging to LOG_PATH; yield its base URL; stop it by pid."""
    port = free_port()
    env = dict(os.environ)
    env.update(
        {
            "JUPYTER_CONFIG_DIR": str(tmp / "config"),
            "JUPYTER_DATA_DIR": str(tmp / "data"),
            "JUPYTER_RUNTIME_DIR": str(tmp / "runtime"),
            "IPYTHONDIR": str(tmp / "ipython"),
            # The venv's kernel.json launches plain "python": make that the venv's.
            "PATH": f"{JUPYTER.parent}{os.pathsep}{env.get('PATH', '')}",
            # Same reproducibility settings as the Makefile, for runs outside make.
            "PYTHONHASHSEED": "0",
            "PYTHONNOUSERSITE": "1",
        }
    )
    command = [
        str(JUPYTER), "lab",
        "--no-browser", "--allow-root",
        "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={lab_root}",
        "--ServerApp.open_browser=False",
        f"--LabApp.user_settings_dir={tmp / 'user-settings'}",
        f"--LabApp.workspaces_dir={tmp / 'workspaces'}",
        # No requests to the internet for news or a newer JupyterLab.
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ]
    with log_path.open("w") as log:
        server = subprocess.Popen(command, cwd=lab_root, env=env, stdout=log, stderr=subprocess.STDOUT)
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_for_server(server, f"{base_url}/api/status?token={token}", log_path)
        yield base_url
    finally:
        stop_process(server)


def wait_for_server(server: subprocess.Popen, status_url: str, log_path: Path) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT_S
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"browser_check: jupyter lab exited with {server.returncode}:\n{tail(log_path)}")
        try:
            with urllib.request.urlopen(status_url, timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.5)
    stop_process(server)
    raise SystemExit(f"browser_check: jupyter lab did not answer in {SERVER_START_TIMEOUT_S} s:\n{tail(log_path)}")


def stop_process(process: subprocess.Popen) -> None:
    """SIGTERM (jupyter then shuts its kernels down), SIGKILL if it has not exited after 20 s."""
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def tail(path: Path, lines: int = 30) -> str:
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


def check_notebook(context: BrowserContext, base_url: str, token: str, lab_root: Path, notebook: Path, out: Path,
                   timeout_s: float) -> NotebookResult:
    """Open NOTEBOOK in the lab, Run All Cells, check outputs, images and widgets; screenshot it to OUT."""
    started = time.monotonic()
    page = context.new_page()
    try:
        page.goto(f"{base_url}/lab/tree/notebooks/{notebook.name}?reset&token={token}")
        wait_for_run_state(page, kernel_ready, KERNEL_READY_TIMEOUT_S, "the kernel to start")
        choose_menu_command(page, "Run", "runmenu:run-all")
        if not run_started(page):  # a Run All chosen while a fresh lab is still settling can be dropped: choose it again
            choose_menu_command(page, "Run", "runmenu:run-all")
        state = wait_for_run_state(page, run_all_finished, timeout_s, "Run All Cells to finish")
        problems = error_outputs(page) + saved_error_outputs(page, lab_root / "notebooks" / notebook.name)
        if not problems and state["done"] < state["cells"]:
            problems.append(f"only {state['done']} of {state['cells']} code cells ran")
        images = rendered_images(page)
        expected_images = expected_figures(notebook)
        if images < expected_images:
            problems.append(f"{images} rendered images, expected at least {expected_images} (one per save_figure)")
        notes = []
        if not problems and notebook.name == EXPLORE_NOTEBOOK:
            notes.append(check_actor_dropdown(page))
        if problems:
            raise CheckFailed("; ".join(problems))
        if not screenshot_notebook(page, out / f"{notebook.stem}.png"):
            notes.append(f"screenshot cut at {MAX_SCREENSHOT_HEIGHT} px")
        seconds = time.monotonic() - started
        return NotebookResult(notebook.name, state["cells"], images, expected_images, seconds, "; ".join(notes))
    except (CheckFailed, PlaywrightError):
        # The screenshot is most useful when the check failed; taking it must not hide the failure itself.
        try:
            screenshot_notebook(page, out / f"{notebook.stem}.png")
        except PlaywrightError as error:
            print(f"  (no screenshot of {notebook.name}: {error})")
        raise
    finally:
        try:
            shut_down_kernels(base_url, token)
        except OSError as error:  # the server died: the failure above says more than this would
            print(f"  (could not shut down the kernel of {notebook.name}: {error})")
        page.close()


def kernel_ready(state: dict | None) -> bool:
    return bool(state) and state["kernel"] == "idle" and state["cells"] > 0


def run_started(page: Page) -> bool:
    """Whether Run All set a cell running (or ran one) within RUN_START_TIMEOUT_S."""
    try:
        wait_for_run_state(page, lambda state: bool(state) and (state["busy"] > 0 or state["done"] > 0),
                           RUN_START_TIMEOUT_S, "Run All to start")
    except CheckFailed:
        return False
    return True


def run_all_finished(state: dict | None) -> bool:
    # done > 0: the copy has no execution counts, so they are this run's; busy == 0: nothing queued or running.
    if not state or state["kernel"] != "idle" or state["busy"]:
        return False
    return state["done"] > 0 or state["cells"] == 0


def wait_for_run_state(page: Page, condition, timeout_s: float, what: str) -> dict:
    """Poll RUN_STATE_JS until CONDITION holds twice in a row one second apart (idle can flicker between cells)."""
    deadline = time.monotonic() + timeout_s
    held = False
    state = None
    while time.monotonic() < deadline:
        state = page.evaluate(RUN_STATE_JS)
        if condition(state):
            if held:
                return state
            held = True
        else:
            held = False
        page.wait_for_timeout(1000)
    raise CheckFailed(f"timed out after {timeout_s:.0f} s waiting for {what} (last state: {state})")


def choose_menu_command(page: Page, menu: str, command: str) -> None:
    """Click MENU in the menu bar, then the item bound to COMMAND (its data-command id is stable across versions)."""
    page.locator(".lm-MenuBar-item", has_text=re.compile(rf"^{menu}$")).click()
    page.locator(f'.lm-Menu-item[data-command="{command}"]').click()


def error_outputs(page: Page) -> list[str]:
    """Tracebacks shown in the page's output areas."""
    texts = page.locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]').all_inner_texts()
    return [f"error output in the page: {last_line(text)}" for text in texts if ERROR_TEXT.search(text)]


def saved_error_outputs(page: Page, saved_copy: Path) -> list[str]:
    """Save the notebook from the interface and read its error outputs: output_type "error" is unambiguous."""
    before = saved_copy.stat().st_mtime_ns
    choose_menu_command(page, "File", "docmanager:save")
    deadline = time.monotonic() + 30
    while saved_copy.stat().st_mtime_ns == before:
        if time.monotonic() > deadline:
            return ["File > Save did not write the notebook within 30 s"]
        time.sleep(0.2)
    time.sleep(0.5)  # let the server finish writing before reading
    content = nbformat.read(saved_copy, as_version=4)
    return [
        f"cell {number} of {len(content.cells)} raised {output.ename}: {output.evalue}"
        for number, cell in enumerate(content.cells, start=1)
        if cell.cell_type == "code"
        for output in cell.outputs
        if output.output_type == "error"
    ]


def last_line(text: str) -> str:
    """The line of a traceback that names the exception (the last one that is not a rule of dashes)."""
    lines = [line for line in text.splitlines() if line.strip() and not set(line.strip()) <= {"-"}]
    return (lines[-1] if lines else text).strip()[:200]


def rendered_images(page: Page) -> int:
    """Images in output areas that the browser actually decoded (naturalWidth > 0)."""
    return page.evaluate(
        """() => [...document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output img')]
                 .filter(img => img.complete && img.naturalWidth > 0).length"""
    )


def expected_figures(notebook: Path) -> int:
    """save_figure( calls in the committed notebook's code cells: each draws a figure that must show."""
    content = nbformat.read(notebook, as_version=4)
    return sum(cell.source.count("save_figure(") for cell in content.cells if cell.cell_type == "code")


def check_actor_dropdown(page: Page) -> str:
    """Pick another actor in the "Actor" dropdown; the Output widget below must redraw its table for that actor."""
    label = page.locator("label.widget-label", has_text=re.compile(r"^\s*Actor:?\s*$"))
    dropdowns = page.locator(".widget-dropdown").filter(has=label)
    if dropdowns.count() == 0:
        raise CheckFailed('no ipywidgets Dropdown with description "Actor" was rendered')
    dropdown = dropdowns.first
    select = dropdown.locator("select")
    # The first Output widget after the dropdown in document order: in the same cell or the next one.
    output = dropdown.locator(
        "xpath=following::div[contains(concat(' ', normalize-space(@class), ' '), ' widget-output ')][1]"
    )
    if output.count() == 0:
        raise CheckFailed('no ipywidgets Output follows the "Actor" dropdown')
    before = output.inner_text()
    options = select.evaluate("s => [...s.options].map(o => ({label: o.label, selected: o.selected}))")
    others = [option["label"] for option in options if not option["selected"]]
    if not others:
        raise CheckFailed(f'the "Actor" dropdown has no other option to choose ({len(options)} options)')
    current = next((option["label"] for option in options if option["selected"]), "")
    choice = others[-1]  # the farthest from the default, so its table surely differs
    select.select_option(label=choice)
    deadline = time.monotonic() + WIDGET_UPDATE_TIMEOUT_S
    after = before
    while time.monotonic() < deadline:
        after = output.inner_text()
        if after != before and choice in after:
            return f'Actor "{current}" -> "{choice}" redrew the table'
        page.wait_for_timeout(500)
    if after == before:
        raise CheckFailed(f'choosing "{choice}" in the "Actor" dropdown left its output unchanged')
    raise CheckFailed(f'after choosing "{choice}" in the "Actor" dropdown its output does not name it: {after[:200]!r}')


def screenshot_notebook(page: Page, path: Path) -> bool:
    """Screenshot the whole notebook (False: too tall, cut): JupyterLab scrolls inside its own panel, so grow
    the viewport to fit it."""
    left_tab = page.locator(".jp-SideBar.jp-mod-left .lm-TabBar-tab.lm-mod-current")
    if left_tab.count():
        left_tab.first.click()  # clicking the open side panel's tab folds it away: more room for the notebook
    scroller = "document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-WindowedPanel-outer')"
    hidden_height = page.evaluate(f"() => {{ const s = {scroller}; return s ? s.scrollHeight - s.clientHeight : 0; }}")
    full_height = VIEWPORT["height"] + max(hidden_height, 0)
    page.set_viewport_size({"width": VIEWPORT["width"], "height": min(full_height, MAX_SCREENSHOT_HEIGHT)})
    page.wait_for_timeout(1000)  # let Lumino lay the panels out again
    # Run All leaves the notebook scrolled to its last cell; start the picture at the top.
    page.evaluate(f"() => {{ const s = {scroller}; if (s) s.scrollTop = 0; }}")
    page.wait_for_timeout(300)
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size(VIEWPORT)
    return full_height <= MAX_SCREENSHOT_HEIGHT


def shut_down_kernels(base_url: str, token: str) -> None:
    """Delete every session (and so its kernel), so notebooks do not pile up kernels on a 2-core machine."""
    headers = {"Authorization": f"token {token}"}
    with urllib.request.urlopen(urllib.request.Request(f"{base_url}/api/sessions", headers=headers)) as response:
        sessions = json.load(response)
    for session in sessions:
        request = urllib.request.Request(f"{base_url}/api/sessions/{session['id']}", headers=headers, method="DELETE")
        urllib.request.urlopen(request).close()


if __name__ == "__main__":
    sys.exit(main())
