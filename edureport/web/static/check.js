/* 检查: the check report grouped by page element. */
"use strict";
(function () {
  var current = null, statusBox = document.getElementById("status"), report = document.getElementById("report");
  var correctBox = document.getElementById("correct-box");

  function body(correct) {
    var form = new FormData();
    form.append("file", current);
    form.append("style", ER.chosenStyle());
    if (correct) form.append("correct", "1");
    return form;
  }

  async function run() {
    if (!current) return;
    ER.status(statusBox, "busy", "正在检查…");
    report.innerHTML = "";
    var response;
    try { response = await fetch("/api/check", { method: "POST", body: body(false) }); } catch (e) {
      ER.status(statusBox, "error", "无法连接服务器，请确认 edureport serve 仍在运行"); return;
    }
    var data = await ER.readJson(response);
    if (!response.ok) {
      ER.status(statusBox, "error", data.message || "无法检查");
      var list = ER.el("ol", { "class": "problems" });
      ER.problems(list, data);
      report.appendChild(list);
      return;
    }
    ER.status(statusBox, data.ok ? "ok" : "error", data.summary);
    data.groups.forEach(function (group) {
      var box = ER.el("section", { "class": "group" });
      box.appendChild(ER.el("h2", {}, group.element + "（" + group.findings.length + "）"));
      var items = ER.el("ol");
      group.findings.forEach(function (f) { items.appendChild(ER.el("li", { "class": f.severity }, f.text)); });
      box.appendChild(items);
      report.appendChild(box);
    });
    if (correctBox) correctBox.hidden = !data.can_correct;
  }

  ER.dropZone(document.getElementById("drop"), document.getElementById("file"), function (file) { current = file; run(); });
  document.querySelectorAll("input[name=style]").forEach(function (r) { r.addEventListener("change", run); });
  if (correctBox) document.getElementById("correct").addEventListener("click", function () {
    ER.fetchFile("/api/check", { method: "POST", body: body(true) }, "修正后的文件.docx", statusBox, null);
  });
})();
