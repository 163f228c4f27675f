/* 批量: the response is a stream of JSON lines (start, progress…, done); 取消 ends it. */
"use strict";
(function () {
  var statusBox = document.getElementById("status"), list = document.getElementById("problems");
  var progress = document.getElementById("progress"), bar = document.getElementById("bar");
  var progressText = document.getElementById("progress-text"), cancel = document.getElementById("cancel");
  var zip = document.getElementById("zip"), table = document.getElementById("results");
  var controller = null;

  function show(done, total) {
    bar.style.width = (total ? 100 * done / total : 0) + "%";
    progressText.textContent = "已完成 " + done + " / " + total;
  }

  function results(rows) {
    var body = table.querySelector("tbody");
    body.innerHTML = "";
    rows.forEach(function (r) {
      var tr = ER.el("tr");
      tr.appendChild(ER.el("td", {}, r.unit));
      tr.appendChild(ER.el("td", { "class": r.ok ? "ok" : "bad" }, r.status));
      tr.appendChild(ER.el("td", {}, r.detail + (r.warnings && r.warnings.length ? "（提示：" + r.warnings[0] + "）" : "")));
      body.appendChild(tr);
    });
    table.hidden = false;
  }

  function handle(event) {
    if (event.event === "start") { show(0, event.total); ER.status(statusBox, "busy", event.template + "：共 " + event.total + " 个单位，正在生成…"); }
    else if (event.event === "progress") show(event.done, event.total);
    else if (event.event === "error") ER.status(statusBox, "error", event.message);
    else if (event.event === "done") {
      show(event.total, event.total);
      ER.status(statusBox, event.failed ? "error" : "ok", "共 " + event.total + " 个单位：成功 " + event.ok + "，失败 " + event.failed + "。");
      results(event.results);
      zip.href = event.download;
      zip.hidden = false;
    }
  }

  async function run(file) {
    var form = new FormData();
    form.append("file", file);
    form.append("style", ER.chosenStyle());
    controller = new AbortController();
    list.innerHTML = ""; table.hidden = true; zip.hidden = true;
    progress.hidden = false; show(0, 0);
    cancel.hidden = false;
    ER.status(statusBox, "busy", "正在读取工作簿…");
    try {
      var response = await fetch("/api/batch", { method: "POST", body: form, signal: controller.signal });
      if (!response.ok) {
        var data = await ER.readJson(response);
        ER.status(statusBox, "error", data.message || "未能生成");
        ER.problems(list, data);
        progress.hidden = true;
        return;
      }
      var reader = response.body.getReader(), decoder = new TextDecoder("utf-8"), pending = "";
      for (;;) {
        var chunk = await reader.read();
        if (chunk.done) break;
        pending += decoder.decode(chunk.value, { stream: true });
        var lines = pending.split("\n");
        pending = lines.pop();
        lines.forEach(function (line) { if (line.trim()) handle(JSON.parse(line)); });
      }
    } catch (e) {
      if (e.name === "AbortError") ER.status(statusBox, "", "已取消：尚未开始的单位不会生成");
      else ER.status(statusBox, "error", "与服务器的连接中断，请重试");
    } finally {
      cancel.hidden = true;
    }
  }

  ER.dropZone(document.getElementById("drop"), document.getElementById("file"), run);
  cancel.addEventListener("click", function () { if (controller) controller.abort(); });
})();
