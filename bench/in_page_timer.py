"""Time a click in the page itself: from the click event to the DOM showing the expected text."""

from __future__ import annotations

# Resolves with the milliseconds between a click on an element whose text starts with `trigger`
# and the moment an element matching `selector` contains `expected`.
ARM = """([trigger, selector, expected]) => {
  window.__timed = new Promise((resolve) => {
    let started = null;
    const onClick = (event) => {
      const target = event.target.closest('button, a');
      if (target && target.textContent.trim().startsWith(trigger)) {
        started = performance.now();
        document.removeEventListener('click', onClick, true);
      }
    };
    document.addEventListener('click', onClick, true);
    const observer = new MutationObserver(() => {
      if (started === null) return;
      for (const element of document.querySelectorAll(selector)) {
        if (element.textContent.includes(expected)) {
          observer.disconnect();
          resolve(performance.now() - started);
          return;
        }
      }
    });
    observer.observe(document.body, {subtree: true, childList: true, characterData: true});
  });
}"""


def timed_click(page, locator, *, trigger: str, selector: str, expected: str) -> float:
    """Click `locator` on a settled screen and return the seconds until `expected` shows in `selector`.

    Settled, as when a person clicks: no dialog still sliding in, no animation running.
    """
    page.wait_for_function("document.getAnimations().every((a) => a.playState !== 'running')")
    page.evaluate(ARM, [trigger, selector, expected])
    locator.click()
    return page.evaluate("window.__timed") / 1000
