"""Accessibility checks done inside the page, the same for a page in any language.

`CHECKS` is one JavaScript snippet defining `nishanA11y`; the functions below run it with
Selenium. Contrast follows WCAG 2: relative luminance of sRGB colours, text over its effective
background (the first opaque background up the tree, with translucent ones blended over it).
"""

from selenium.webdriver.remote.webdriver import WebDriver

MINIMUM_CONTRAST = 4.5  # WCAG AA for body text

CHECKS = r"""
const nishanA11y = (() => {
  const canvas = document.createElement("canvas").getContext("2d", {willReadFrequently: true});

  // Any CSS colour (rgb(), oklch(), color(srgb ...)) as [r, g, b, a], 0-255 and 0-1, by
  // letting the browser paint it.
  function rgba(css) {
    canvas.clearRect(0, 0, 1, 1);
    canvas.fillStyle = "#000";
    canvas.fillStyle = css;
    canvas.fillRect(0, 0, 1, 1);
    const [r, g, b, a] = canvas.getImageData(0, 0, 1, 1).data;
    return [r, g, b, a / 255];
  }

  function over(top, bottom) {  // `top` painted over an opaque `bottom`
    return [0, 1, 2].map(i => top[i] * top[3] + bottom[i] * (1 - top[3])).concat(1);
  }

  function luminance([r, g, b]) {
    const linear = c => (c /= 255) <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
  }

  // The opaque colour behind `element`, or a string saying why it cannot be known.
  function background(element) {
    const layers = [];
    for (let node = element; node; node = node.parentElement) {
      const style = getComputedStyle(node);
      if (style.backgroundImage !== "none") {
        return `${describe(node)} has a background image, so contrast cannot be computed`;
      }
      const colour = rgba(style.backgroundColor);
      if (colour[3] > 0) layers.push(colour);
      if (colour[3] === 1) break;
    }
    return layers.reverse().reduce((below, layer) => over(layer, below), [255, 255, 255, 1]);
  }

  function contrast(element) {
    const behind = background(element);
    if (typeof behind === "string") return behind;
    const text = over(rgba(getComputedStyle(element).color), behind);
    const [light, dark] = [luminance(text), luminance(behind)].sort((a, b) => b - a);
    return (light + 0.05) / (dark + 0.05);
  }

  function describe(element) {
    const text = (element.textContent || "").trim().replace(/\s+/g, " ").slice(0, 40);
    return `<${element.localName}${element.id ? " id=" + element.id : ""}> "${text}"`;
  }

  function visible(element) {
    const style = getComputedStyle(element);
    return style.visibility !== "hidden" && element.getClientRects().length > 0;
  }

  // Visible elements with text of their own (not only their children's).
  function textElements() {
    return [...document.body.querySelectorAll("*")].filter(element =>
      visible(element) &&
      [...element.childNodes].some(n => n.nodeType === Node.TEXT_NODE && n.data.trim()));
  }

  function problems(minimumContrast) {
    const found = [];
    if (!document.documentElement.lang.trim()) found.push("<html> has no lang");
    for (const img of document.images) {
      const alt = (img.getAttribute("alt") || "").trim();
      if (!alt) found.push(`<img src=${img.src}> has no alt text`);
    }
    let previous = 0;
    for (const heading of document.querySelectorAll("h1, h2, h3, h4, h5, h6")) {
      const level = Number(heading.localName[1]);
      if (previous === 0 && level !== 1) {
        found.push(`the first heading is ${describe(heading)}, not an h1`);
      } else if (level > previous + 1) {
        found.push(`${describe(heading)} skips a level after an h${previous}`);
      }
      previous = level;
    }
    const texts = textElements();
    if (!texts.length) found.push("no visible text to check the contrast of");
    for (const element of texts) {
      const ratio = contrast(element);
      if (typeof ratio === "string") found.push(ratio);
      else if (ratio < minimumContrast) {
        const measured = `has contrast ${ratio.toFixed(2)}:1, under ${minimumContrast}:1`;
        found.push(`${describe(element)} ${measured}`);
      }
    }
    return [...new Set(found)];
  }

  return {contrast, problems};
})();
"""


def accessibility_problems(driver: WebDriver, minimum_contrast: float = MINIMUM_CONTRAST) -> list:
    """What the page in `driver` gets wrong: <html lang>, image alt texts, the heading outline
    (from h1, no level skipped) and the contrast of every visible text; empty when all is well."""
    return driver.execute_script(
        CHECKS + "return nishanA11y.problems(arguments[0]);", minimum_contrast
    )


def contrast_ratio(driver: WebDriver, css_selector: str) -> float:
    """The contrast of the text of the element `css_selector` finds, against its background."""
    ratio = driver.execute_script(
        CHECKS + "return nishanA11y.contrast(document.querySelector(arguments[0]));", css_selector
    )
    assert isinstance(ratio, float | int), ratio
    return float(ratio)
