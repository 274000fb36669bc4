// civic-kit page helper (served inline by the civic-kit Voila template).
// 1. Slider handles drawn by noUiSlider have role="slider" but no name: give each the text of its
//    widget's label, so screen readers announce "Total budget, slider" (WCAG 4.1.2).
// 2. Keep <html lang> and the page title in step with the app's language switch
//    (the app marks its header with data-ck-lang and data-ck-title).
// 3. When the app's kernel is lost (killed, culled, server restarted), say so in the page's language
//    and offer a reload, instead of leaving widgets that silently do nothing. This script runs in the
//    page head, before Voila's own JS, so it can wrap window.WebSocket and watch the kernel channels:
//    a "restarting" or "dead" kernel status means the widgets' kernel is gone for good (a restarted
//    kernel has none of the page's widgets); a closed channel that is not replaced within a few seconds
//    means the server went away. The words come from data-ck-lost / data-ck-reload on the app's header
//    marker (rendered translated by civic_kit.ui.shell), never from this file.
(function () {
  "use strict";
  var NativeWebSocket = window.WebSocket;
  var GRACE_MS = 4000;
  var unloading = false;
  var lost = false;
  var openKernelSockets = 0;
  var closeTimer = null;
  var DEAD_STATES = /"execution_state"\s*:\s*"(restarting|dead|autorestarting)"/;
  var STATUS_TYPE = /"msg_type"\s*:\s*"status"/;

  function isKernelChannel(url) {
    return typeof url === "string" && url.indexOf("/api/kernels/") !== -1 && url.indexOf("/channels") !== -1;
  }
  function inspectText(text) {
    if (STATUS_TYPE.test(text) && DEAD_STATES.test(text)) {
      kernelLost();
    }
  }
  function inspect(data) {
    if (typeof data === "string") {
      inspectText(data);
    } else if (data instanceof ArrayBuffer) {
      // Binary frames (v1 kernel protocol): the header and content are UTF-8 JSON inside; a status
      // message is small, so decoding the start of the frame is enough.
      inspectText(new TextDecoder("utf-8").decode(new Uint8Array(data, 0, Math.min(data.byteLength, 4096))));
    } else if (typeof Blob !== "undefined" && data instanceof Blob && data.size < 65536) {
      data.text().then(inspectText, function () {});
    }
  }
  function watch(socket) {
    socket.addEventListener("open", function () {
      openKernelSockets += 1;
      if (closeTimer) {
        window.clearTimeout(closeTimer);
        closeTimer = null;
      }
    });
    socket.addEventListener("message", function (event) { inspect(event.data); });
    socket.addEventListener("close", function () {
      openKernelSockets = Math.max(0, openKernelSockets - 1);
      if (unloading || lost) {
        return;
      }
      if (closeTimer) {
        window.clearTimeout(closeTimer);
      }
      closeTimer = window.setTimeout(function () {
        closeTimer = null;
        if (!unloading && openKernelSockets === 0) {
          kernelLost();
        }
      }, GRACE_MS);
    });
  }
  if (typeof NativeWebSocket === "function") {
    var Wrapped = function (url, protocols) {
      var socket = protocols === undefined ? new NativeWebSocket(url) : new NativeWebSocket(url, protocols);
      if (isKernelChannel(String(url))) {
        watch(socket);
      }
      return socket;
    };
    Wrapped.prototype = NativeWebSocket.prototype;
    ["CONNECTING", "OPEN", "CLOSING", "CLOSED"].forEach(function (name) { Wrapped[name] = NativeWebSocket[name]; });
    window.WebSocket = Wrapped;
  }
  window.addEventListener("beforeunload", function () { unloading = true; });
  window.addEventListener("pagehide", function () { unloading = true; });

  function kernelLost() {
    if (lost || unloading) {
      return;
    }
    lost = true;
    showBanner();
  }
  function showBanner() {
    var marker = document.querySelector("[data-ck-lost]");
    if (!marker) {
      // The app never drew its header (it failed before): Voila's own error page speaks instead.
      lost = false;
      return;
    }
    if (document.getElementById("ck-kernel-lost")) {
      return;
    }
    var banner = document.createElement("div");
    banner.id = "ck-kernel-lost";
    banner.className = "ck-kernel-lost";
    banner.setAttribute("role", "alert");
    banner.setAttribute("lang", marker.getAttribute("data-ck-lang") || document.documentElement.lang || "");
    var text = document.createElement("p");
    text.textContent = marker.getAttribute("data-ck-lost");
    var button = document.createElement("button");
    button.type = "button";
    button.className = "ck-reload";
    button.textContent = marker.getAttribute("data-ck-reload");
    button.addEventListener("click", function () { window.location.reload(); });
    banner.appendChild(text);
    banner.appendChild(button);
    document.body.insertBefore(banner, document.body.firstChild);
    button.focus();
  }
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
