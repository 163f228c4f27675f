/* 上传生成: check and preview on drop (and again when the style changes); download when nothing is wrong. */
"use strict";
(function () {
  var current = null, controller = null;
  var statusBox = document.getElementById("status"), list = document.getElementById("problems");
  var frame = document.getElementById("preview"), title = document.getElementById("preview-title");
  var downloads = document.getElementById("downloads"), cancel = document.getElementById("cancel");

  function body() {
    var form = new FormData();
    form.append("file", current);
    form.append("style", ER.chosenStyle());
    return form;
  }

  async function examine() {
    if (!current) return;
    ER.status(statusBox, "busy", "正在检查数据…");
    downloads.hidden = true;
    var response;
    try { response = await fetch("/api/upload/check", { method: "POST", body: body() }); } catch (e) {
      ER.status(statusBox, "error", "无法连接服务器，请确认 edureport serve 仍在运行"); return;
    }
    var data = await ER.readJson(response);
    ER.problems(list, data);
    ER.status(statusBox, data.ok ? "ok" : "error", (data.template ? data.template + "：" : "") + (data.message || ""));
    ER.showPreview(frame, title, data.ok ? data.preview : "");
    downloads.hidden = !data.ok;
  }

  async function get(kind, button) {
    controller = new AbortController();
    button.disabled = true;
    cancel.hidden = kind !== "pdf";
    ER.status(statusBox, "busy", kind === "pdf" ? "正在转换 PDF（需要几秒到几十秒）…" : "正在生成 Word…");
    var done = await ER.fetchFile("/api/upload/" + kind, { method: "POST", body: body(), signal: controller.signal },
                                  "document." + kind, statusBox, list);
    if (done) ER.status(statusBox, "ok", "已下载");
    button.disabled = false;
    cancel.hidden = true;
  }

  ER.dropZone(document.getElementById("drop"), document.getElementById("file"), function (file) {
    current = file;
    document.getElementById("filename").textContent = "文件：" + file.name;
    examine();
  });
  document.querySelectorAll("input[name=style]").forEach(function (r) { r.addEventListener("change", examine); });
  document.getElementById("get-docx").addEventListener("click", function () { get("docx", this); });
  var pdf = document.getElementById("get-pdf");
  if (pdf) pdf.addEventListener("click", function () { get("pdf", this); });
  cancel.addEventListener("click", function () { if (controller) controller.abort(); });
})();
