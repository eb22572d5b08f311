// The wallboard's live updates: it listens to the server-sent events of
// /wallboard/events (authenticated by the session cookie) and changes the
// rows in place; the time in status ticks every second.
"use strict";
(function () {
  const table = document.getElementById("wallboard");
  if (!table) return;
  const defs = JSON.parse(table.dataset.definitions || "{}");
  const live = document.getElementById("live");

  function duration(ms) {
    const s = Math.max(0, Math.floor(ms / 1000));
    if (s < 60) return s + "s";
    const m = Math.floor(s / 60);
    if (m < 60) return m + "m " + String(s % 60).padStart(2, "0") + "s";
    const h = Math.floor(m / 60);
    if (h < 48) return h + "h " + String(m % 60).padStart(2, "0") + "m";
    return Math.floor(h / 24) + "d " + String(h % 24).padStart(2, "0") + "h";
  }

  function tick() {
    const now = Date.now();
    for (const row of table.tBodies[0].rows) {
      const since = row.dataset.since;
      if (since) row.querySelector(".since").textContent = duration(now - Date.parse(since));
    }
  }

  function setStatus(row, status, time) {
    const def = defs[status] || (status ? ["other", "#888888"] : ["none", "#ffffff"]);
    row.dataset.status = status;
    row.dataset.hasStatus = status ? "true" : "false";
    row.dataset.since = time;
    row.dataset.category = def[0];
    row.dataset.color = def[1];
    row.className = "cat-" + def[0];
    row.querySelector(".status-name").textContent = status || "No status";
    row.querySelector(".swatch rect").setAttribute("fill", def[1]);
  }

  function setSession(row, action, queue) {
    const cell = row.querySelector(".session");
    cell.textContent = "";
    const span = document.createElement("span");
    span.className = action === "login" ? "in" : "out";
    span.textContent = action === "login" ? "Logged in" : "Logged out";
    cell.appendChild(span);
    if (action === "login" && queue) {
      const q = document.createElement("span");
      q.className = "muted";
      q.textContent = " " + queue;
      cell.appendChild(q);
    }
  }

  // recount rebuilds the counts per status from the rows.
  function recount() {
    const counts = new Map();
    let loggedIn = 0;
    for (const row of table.tBodies[0].rows) {
      if (row.querySelector(".session .in")) loggedIn++;
      const name = row.dataset.hasStatus === "true" ? row.dataset.status : "No status";
      const c = counts.get(name) || { n: 0, category: row.dataset.category };
      c.n++;
      counts.set(name, c);
    }
    const list = document.getElementById("counts");
    list.textContent = "";
    const entries = [["Logged in", { n: loggedIn, category: "" }]].concat(
      [...counts.entries()].sort((a, b) => b[1].n - a[1].n || (a[0] < b[0] ? -1 : 1)));
    for (const [name, c] of entries) {
      const li = document.createElement("li");
      if (c.category) li.className = "cat-" + c.category;
      const label = document.createElement("span");
      label.textContent = name;
      const n = document.createElement("strong");
      n.textContent = c.n;
      if (name === "Logged in") n.id = "count-logged-in";
      li.append(label, n);
      list.appendChild(li);
    }
  }

  function rowOf(item) {
    return item.userId ? document.getElementById("u-" + item.userId) : null;
  }

  const source = new EventSource(table.dataset.stream);
  source.addEventListener("open", function () {
    live.classList.add("on");
    live.textContent = "live";
  });
  source.addEventListener("error", function () {
    live.classList.remove("on");
    live.textContent = "reconnecting…";
  });
  source.addEventListener("status", function (e) {
    const item = JSON.parse(e.data);
    const row = rowOf(item);
    if (!row) { // an agent the page does not know yet: reloading draws it
      live.textContent = "live · new agents appear on reload";
      return;
    }
    if (row.dataset.since && Date.parse(item.time) < Date.parse(row.dataset.since)) return; // late, older news
    setStatus(row, item.status || "", item.time);
    recount();
    tick();
  });
  source.addEventListener("session", function (e) {
    const item = JSON.parse(e.data);
    const row = rowOf(item);
    if (!row) return;
    setSession(row, item.action, item.queue);
    recount();
  });
  setInterval(tick, 1000);
})();
