/* The form: built from the template's declared fields (/api/schema/<id>); lists of records can be
   added, removed and reordered, and nest (子项, 指标). Numbers and dates are checked as typed;
   the server checks everything again with the same rules as edureport validate. */
"use strict";
(function () {
  var form = document.getElementById("form"), templateId = form.getAttribute("data-template");
  var statusBox = document.getElementById("status"), list = document.getElementById("problems");
  var frame = document.getElementById("preview"), title = document.getElementById("preview-title");
  var schema = null, root = null;
  var DATE = /^\s*\d{4}\s*(年\s*\d{1,2}\s*月(\s*\d{1,2}\s*日)?|[-./]\d{1,2}([-./]\d{1,2})?)\s*$/;

  function blank(value) {
    return value === undefined || value === null || value === "" || (Array.isArray(value) && !value.length) ||
      (typeof value === "object" && !Array.isArray(value) && !Object.keys(value).length);
  }

  function lines(text) { return text.split("\n").map(function (s) { return s.trim(); }).filter(Boolean); }

  function labelFor(field, input) {
    var label = ER.el("label", { "for": input.id }, field.label);
    if (field.required) label.appendChild(ER.el("b", { "class": "req" }, " *"));
    if (field.description) label.appendChild(ER.el("span", { "class": "desc" }, field.description));
    return label;
  }

  var counter = 0;
  function scalar(field) {
    var box = ER.el("div", { "class": "field" }), input, why = ER.el("div", { "class": "why" });
    var id = "f" + (++counter);
    if (field.type === "paras" || field.type === "list") {
      input = ER.el("textarea", { id: id, rows: field.type === "paras" ? 3 : 2,
        placeholder: field.type === "paras" ? "每段一行" : "每项一行" });
    } else if (field.type === "bool") {
      input = ER.el("select", { id: id });
      [["", "（不填）"], ["true", "是"], ["false", "否"]].forEach(function (o) { input.appendChild(ER.el("option", { value: o[0] }, o[1])); });
    } else {
      input = ER.el("input", { id: id, type: field.type === "int" || field.type === "number" ? "number" : "text" });
      if (field.type === "int") input.setAttribute("step", "1");
      if (field.type === "number") input.setAttribute("step", "any");
      if (field.min !== null) input.setAttribute("min", field.min);
      if (field.max !== null) input.setAttribute("max", field.max);
      if (field.type === "date") input.setAttribute("placeholder", "如 2024年3月1日 或 2024-03-01");
    }
    input.setAttribute("data-key", field.key);
    box.appendChild(labelFor(field, input));
    box.appendChild(input);
    box.appendChild(why);

    function problem() {
      var raw = input.value.trim();
      if (!raw) return "";
      if (field.type === "int" || field.type === "number") {
        if (input.validity && input.validity.badInput) return "应为数字";
        var n = Number(raw);
        if (isNaN(n)) return "应为数字";
        if (field.type === "int" && Math.floor(n) !== n) return "应为整数";
        if (field.min !== null && n < field.min) return "不能小于 " + field.min;
        if (field.max !== null && n > field.max) return "不能大于 " + field.max;
      }
      if (field.type === "date" && !DATE.test(raw)) return "应为日期，如 2024年3月1日 或 2024-03-01";
      return "";
    }
    function mark() {
      var text = problem();
      why.textContent = text ? field.label + "：" + text : "";
      input.classList.toggle("invalid", !!text);
      return !text;
    }
    input.addEventListener("input", mark);
    input.addEventListener("blur", mark);
    return {
      el: box, valid: mark,
      get: function () {
        var raw = input.value.trim();
        if (!raw) return undefined;
        if (field.type === "int" || field.type === "number") return isNaN(Number(raw)) ? raw : Number(raw);
        if (field.type === "bool") return raw === "true";
        if (field.type === "list") return lines(input.value);
        if (field.type === "paras") { var paras = lines(input.value); return paras.length === 1 ? paras[0] : paras; }
        return raw;
      },
      set: function (value) {
        if (blank(value)) input.value = "";
        else if (Array.isArray(value)) input.value = value.join("\n");
        else if (field.type === "bool") input.value = value ? "true" : "false";
        else input.value = String(value);
        mark();
      }
    };
  }

  function records(field) {
    var type = schema.types[field.type], entries = [];
    var box = ER.el("div", { "class": "field" });
    var head = ER.el("label", {}, field.label);
    if (field.required) head.appendChild(ER.el("b", { "class": "req" }, " *"));
    if (field.description) head.appendChild(ER.el("span", { "class": "desc" }, field.description));
    box.appendChild(head);
    var holder = ER.el("div", { "class": "records", "data-key": field.key });
    var add = ER.el("button", { type: "button", "class": "add" }, "＋ 添加" + type.name);
    box.appendChild(holder);
    holder.appendChild(add);

    function renumber() {
      entries.forEach(function (entry, i) { entry.number.textContent = type.name + " " + (i + 1); });
    }
    function move(entry, step) {
      var i = entries.indexOf(entry), j = i + step;
      if (j < 0 || j >= entries.length) return;
      entries.splice(i, 1);
      entries.splice(j, 0, entry);
      holder.insertBefore(entry.el, j + 1 < entries.length ? entries[j + 1].el : add);
      renumber();
    }
    function append(value) {
      var entry = record(type);
      var bar = ER.el("div", { "class": "record-head" });
      entry.number = ER.el("span");
      bar.appendChild(entry.number);
      [["↑", "上移", -1], ["↓", "下移", 1]].forEach(function (b) {
        var button = ER.el("button", { type: "button", title: b[1], "aria-label": b[1] }, b[0]);
        button.addEventListener("click", function () { move(entry, b[2]); });
        bar.appendChild(button);
      });
      var remove = ER.el("button", { type: "button", title: "删除", "class": "remove" }, "删除");
      remove.addEventListener("click", function () {
        entries.splice(entries.indexOf(entry), 1);
        entry.el.remove();
        renumber();
      });
      bar.appendChild(remove);
      entry.el.insertBefore(bar, entry.el.firstChild);
      entries.push(entry);
      holder.insertBefore(entry.el, add);
      if (value !== undefined) entry.set(value);
      renumber();
      return entry;
    }
    add.addEventListener("click", function () { append(); });
    return {
      el: box,
      valid: function () { return entries.map(function (e) { return e.valid(); }).every(Boolean); },
      get: function () {
        var out = entries.map(function (e) { return e.get(); }).filter(function (v) { return !blank(v); });
        return out.length ? out : undefined;
      },
      set: function (value) {
        entries.slice().forEach(function (e) { e.el.remove(); });
        entries = [];
        (Array.isArray(value) ? value : []).forEach(function (v) {
          append(typeof v === "string" ? { text: v } : v);
        });
      }
    };
  }

  function build(field) { return field.list ? records(field) : scalar(field); }

  function record(type) {
    var box = ER.el("div", { "class": "record" });
    var parts = type.fields.map(function (f) { var part = build(f); box.appendChild(part.el); return [f.key, part]; });
    return group(box, parts);
  }

  function group(box, parts) {
    return {
      el: box,
      valid: function () { return parts.map(function (p) { return p[1].valid(); }).every(Boolean); },
      get: function () {
        var out = {};
        parts.forEach(function (p) { var v = p[1].get(); if (!blank(v)) out[p[0]] = v; });
        return out;
      },
      set: function (value) {
        parts.forEach(function (p) { p[1].set((value || {})[p[0]]); });
      }
    };
  }

  function payload() {
    return JSON.stringify({ template: templateId, style: ER.chosenStyle(), data: root.get() });
  }

  function post(action, signal) {
    return fetch("/api/form/" + action, { method: "POST", headers: { "Content-Type": "application/json" },
                                          body: payload(), signal: signal });
  }

  async function preview() {
    if (!root.valid()) { ER.status(statusBox, "error", "有数据不符合要求（已用红色标出），请先修改"); return; }
    ER.status(statusBox, "busy", "正在检查并生成预览…");
    var response;
    try { response = await post("check"); } catch (e) { ER.status(statusBox, "error", "无法连接服务器"); return; }
    var data = await ER.readJson(response);
    ER.problems(list, data);
    ER.status(statusBox, data.ok ? "ok" : "error", data.message || "");
    ER.showPreview(frame, title, data.ok ? data.preview : "");
  }

  async function save(action, fallback) {
    if (!root.valid()) { ER.status(statusBox, "error", "有数据不符合要求（已用红色标出），请先修改"); return; }
    ER.status(statusBox, "busy", "正在生成…");
    var done = await ER.fetchFile("/api/form/" + action, { method: "POST", headers: { "Content-Type": "application/json" },
                                                         body: payload() }, fallback, statusBox, list);
    if (done) { ER.status(statusBox, "ok", "已下载"); list.innerHTML = ""; }
  }

  async function open(file) {
    var body = new FormData();
    body.append("file", file);
    ER.status(statusBox, "busy", "正在打开…");
    var response = await fetch("/api/open", { method: "POST", body: body });
    var data = await ER.readJson(response);
    if (!data.ok) { ER.status(statusBox, "error", data.message); ER.problems(list, data); return; }
    if (data.template !== templateId) {
      ER.status(statusBox, "error", "这个文件是另一种文种（" + data.template + "），请回到“新建”选择该文种后再打开");
      return;
    }
    root.set(data.data);
    ER.status(statusBox, "ok", "已打开：" + file.name);
  }

  async function start() {
    var response = await fetch("/api/schema/" + encodeURIComponent(templateId));
    schema = await response.json();
    var parts = schema.fields.filter(function (f) { return f.key !== "template"; })
      .map(function (f) { var part = build(f); form.appendChild(part.el); return [f.key, part]; });
    root = group(form, parts);
    document.getElementById("example").addEventListener("click", function () { root.set(schema.example); preview(); });
    document.getElementById("clear").addEventListener("click", function () { root.set({}); ER.showPreview(frame, title, ""); });
    document.getElementById("open").addEventListener("change", function () { if (this.files.length) open(this.files[0]); this.value = ""; });
    document.getElementById("preview-button").addEventListener("click", preview);
    document.getElementById("get-docx").addEventListener("click", function () { save("docx", "document.docx"); });
    document.getElementById("save-xlsx").addEventListener("click", function () { save("xlsx", "数据.xlsx"); });
    document.getElementById("save-yaml").addEventListener("click", function () { save("yaml", "数据.yaml"); });
    document.querySelectorAll("input[name=style]").forEach(function (r) { r.addEventListener("change", preview); });
    form.setAttribute("data-ready", "1");
  }
  start();
})();
