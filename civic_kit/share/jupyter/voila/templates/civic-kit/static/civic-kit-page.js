// civic-kit page helper (served inline by the civic-kit Voila template).
// 1. Slider handles drawn by noUiSlider have role="slider" but no name: give each the text of its
//    widget's label, so screen readers announce "Total budget, slider" (WCAG 4.1.2).
// 2. Keep <html lang> and the page title in step with the app's language switch
//    (the app marks its header with data-ck-lang and data-ck-title).
(function () {
  "use strict";
  function nameSliders(root) {
    root.querySelectorAll(".widget-slider, .jupyter-widget-slider, .widget-hslider, .widget-vslider").forEach(function (box) {
      var label = box.querySelector(".widget-label");
      var text = label ? label.textContent.trim() : "";
      box.querySelectorAll(".noUi-handle").forEach(function (handle) {
        if (text && handle.getAttribute("aria-label") !== text) {
          handle.setAttribute("aria-label", text);
        }
      });
    });
  }
  function syncLanguage(root) {
    var marker = root.querySelector("[data-ck-lang]");
    if (marker) {
      var lang = marker.getAttribute("data-ck-lang");
      if (document.documentElement.getAttribute("lang") !== lang) {
        document.documentElement.setAttribute("lang", lang);
      }
      var title = marker.getAttribute("data-ck-title");
      if (title && document.title !== title) {
        document.title = title;
      }
    }
  }
  function update() {
    nameSliders(document);
    syncLanguage(document);
  }
  var pending = false;
  var observer = new MutationObserver(function () {
    if (!pending) {
      pending = true;
      window.requestAnimationFrame(function () { pending = false; update(); });
    }
  });
  function start() {
    update();
    observer.observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true,
                                      attributeFilter: ["data-ck-lang", "data-ck-title"] });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
