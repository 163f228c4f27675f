/* Shared helpers for the pages: drop zones, posting files, problem lists, downloads. Plain ES2017. */
"use strict";
var ER = (function () {
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function status(box, kind, text) {
    box.className = "status " + (kind || "");
    box.textContent = text || "";
  }

  function problems(list, data) {
    list.innerHTML = "";
    (data.problems || []).concat(data.warnings || []).forEach(function (p) {
      var item = el("li", { "class": p.severity });
      item.appendChild(el("b", {}, p.severity === "error" ? "错误" : "提示"));
      item.appendChild(document.createTextNode(p.text));
      list.appendChild(item);
    });
  }

  function chosenStyle() {
    var checked = document.querySelector("input[name=style]:checked");
    return checked ? checked.value : "";
  }

  function dropZone(zone, input, onFile) {
    ["dragenter", "dragover"].forEach(function (name) {
      zone.addEventListener(name, function (e) { e.preventDefault(); zone.classList.add("over"); });
    });
    ["dragleave", "drop"].forEach(function (name) {
      zone.addEventListener(name, function () { zone.classList.remove("over"); });
    });
    zone.addEventListener("drop", function (e) {
      e.preventDefault();
      if (e.dataTransfer.files.length) onFile(e.dataTransfer.files[0]);
    });
    input.addEventListener("change", function () {
      if (input.files.length) onFile(input.files[0]);
      input.value = "";
    });
  }

  function filenameOf(response, fallback) {
    var header = response.headers.get("Content-Disposition") || "";
    var match = /filename\*=UTF-8''([^;]+)/i.exec(header);
    return match ? decodeURIComponent(match[1]) : fallback;
  }

  function saveBlob(blob, name) {
    var url = URL.createObjectURL(blob);
    var link = el("a", { href: url, download: name });
    document.body.appendChild(link);
    link.click();
    setTimeout(function () { URL.revokeObjectURL(url); link.remove(); }, 1000);
  }

  async function readJson(response) {
    try { return await response.json(); } catch (e) { return { ok: false, message: "服务器返回了无法识别的内容（" + response.status + "）" }; }
  }

  /* POST and either save the file it returns or report its problems. */
  async function fetchFile(url, options, fallbackName, statusBox, list) {
    var response;
    try { response = await fetch(url, options); } catch (e) {
      if (e.name === "AbortError") { status(statusBox, "", "已取消"); return false; }
      status(statusBox, "error", "无法连接服务器，请确认 edureport serve 仍在运行"); return false;
    }
    if (!response.ok) {
      var data = await readJson(response);
      status(statusBox, "error", data.message || "未能生成");
      if (list) problems(list, data);
      return false;
    }
    var blob = await response.blob();
    saveBlob(blob, filenameOf(response, fallbackName));
    return true;
  }

  var EMPTY = "<!DOCTYPE html><html lang='zh-CN'><meta charset='utf-8'><body style='font: 16px sans-serif; color: #7b8794; " +
              "display: flex; align-items: center; justify-content: center; height: 90vh; margin: 0'>" +
              "<p>数据检查通过后，在这里显示预览</p></body></html>";

  function showPreview(frame, title, html) {
    frame.srcdoc = html ? html.replace("</head>", "<style>html{zoom:.8}</style></head>") : EMPTY;
    title.textContent = html ? "预览（以下载的 Word 文件为准）" : "预览";
  }

  document.querySelectorAll("#preview").forEach(function (frame) { frame.srcdoc = EMPTY; });

  return { el: el, status: status, problems: problems, chosenStyle: chosenStyle, dropZone: dropZone,
           filenameOf: filenameOf, saveBlob: saveBlob, readJson: readJson, fetchFile: fetchFile, showPreview: showPreview };
})();
