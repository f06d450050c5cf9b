// newsgrep's search page: search as you type, facets, a date histogram, quotes, a
// post view; the whole state lives in the URL so that a result list can be shared.
// Text from the index is only ever set with textContent (never parsed as HTML).
"use strict";

const $ = (id) => document.getElementById(id);
const PAGE = 20;
const MAX_MONTH_BARS = 36;

const state = {
  q: "", sort: "relevance", tab: "posts", since: "", until: "",
  category: [], site: [], speaker: [], post: "", limit: PAGE,
};

// ---- URL <-> state -------------------------------------------------------

function readUrl() {
  const p = new URLSearchParams(location.search);
  state.q = p.get("q") || "";
  state.sort = ["date", "recent"].includes(p.get("sort")) ? p.get("sort") : "relevance";
  state.tab = p.get("tab") === "quotes" ? "quotes" : "posts";
  state.since = p.get("since") || "";
  state.until = p.get("until") || "";
  for (const name of ["category", "site", "speaker"]) state[name] = p.getAll(name);
  state.post = p.get("post") || "";
  state.limit = PAGE;
}

function filterParams(p) {
  if (state.since) p.set("since", state.since);
  if (state.until) p.set("until", state.until);
  for (const name of ["category", "site", "speaker"]) {
    for (const value of state[name]) p.append(name, value);
  }
  return p;
}

function writeUrl() {
  const p = new URLSearchParams();
  if (state.q) p.set("q", state.q);
  if (state.sort !== "relevance") p.set("sort", state.sort);
  if (state.tab !== "posts") p.set("tab", state.tab);
  filterParams(p);
  if (state.post) p.set("post", state.post);
  const query = p.toString();
  history.replaceState(null, "", query ? "?" + query : location.pathname);
}

// ---- helpers ---------------------------------------------------------------

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === "text") node.textContent = value;
    else if (key === "class") node.className = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value);
  }
  for (const child of children) if (child) node.append(child);
  return node;
}

// Text with [start, end) code-point ranges wrapped in <mark>.
function highlighted(text, ranges) {
  const chars = Array.from(text || "");
  const frag = document.createDocumentFragment();
  let at = 0;
  for (const [start, end] of ranges || []) {
    if (start < at || end > chars.length) continue;
    frag.append(chars.slice(at, start).join(""));
    frag.append(el("mark", { text: chars.slice(start, end).join("") }));
    at = end;
  }
  frag.append(chars.slice(at).join(""));
  return frag;
}

const day = (rfc) => (rfc ? rfc.slice(0, 10) : "no date");

async function api(path, params) {
  const response = await fetch(path + (params ? "?" + params.toString() : ""));
  const body = await response.json();
  if (!response.ok) throw new Error(body.error || response.statusText);
  return body;
}

// ---- searching -------------------------------------------------------------

let generation = 0;

async function run() {
  writeUrl();
  const mine = ++generation;
  const p = filterParams(new URLSearchParams());
  if (state.q) p.set("q", state.q);
  try {
    if (state.tab === "quotes") {
      p.set("limit", state.limit);
      const [quotes, facets] = await Promise.all([
        api("/api/quotes", p),
        api("/api/search", withFacetsOnly(p)),
      ]);
      if (mine !== generation) return;
      showQuotes(quotes);
      showFacets(facets.facets);
    } else {
      p.set("sort", state.sort);
      p.set("limit", state.limit);
      const result = await api("/api/search", p);
      if (mine !== generation) return;
      showHits(result);
      showFacets(result.facets);
    }
  } catch (err) {
    if (mine !== generation) return;
    $("status").textContent = "Error: " + err.message;
    $("results").replaceChildren();
    $("more").hidden = true;
  }
}

function withFacetsOnly(p) {
  const copy = new URLSearchParams(p);
  copy.delete("limit");
  copy.set("limit", "0");
  return copy;
}

let timer = 0;
function runSoon() {
  clearTimeout(timer);
  timer = setTimeout(run, 200);
}

function plural(n, one, many) {
  return n.toLocaleString() + " " + (n === 1 ? one : many);
}

function showHits(result) {
  let status = plural(result.total, "post", "posts") + " · " + result.took_ms + " ms";
  if (result.suggestion) status += " · did you mean: " + result.suggestion;
  for (const c of result.corrections || []) status += ` · searched “${c.corrected}” for “${c.typed}”`;
  $("status").textContent = status;
  const items = result.hits.map((hit) => {
    const open = () => openPost(hit.site, hit.id);
    const title = el("button", { type: "button", class: "hit-title", onclick: open });
    title.append(highlighted(hit.title || "(untitled)", hit.title_highlights));
    const meta = [day(hit.date), hit.site, hit.categories.join(", ")].filter(Boolean).join(" · ");
    const snippet = el("p", { class: "snippet" });
    snippet.append(highlighted(hit.snippet, hit.snippet_highlights));
    return el("li", { class: "hit" },
      title,
      el("p", { class: "meta", text: meta }),
      el("a", { class: "url", href: safeUrl(hit.url), rel: "noopener noreferrer", target: "_blank", text: hit.url }),
      snippet);
  });
  $("results").replaceChildren(...items);
  $("more").hidden = result.hits.length >= result.total;
}

function showQuotes(result) {
  const atLeast = result.complete ? "" : "at least ";
  $("status").textContent = atLeast + plural(result.total, "quotation", "quotations") +
    " from " + plural(result.posts, "post", "posts") + " · " + result.took_ms + " ms";
  const items = result.quotes.map((q) => el("li", { class: "quote-hit" },
    el("blockquote", { class: "quote", text: "“" + q.text + "”" }),
    el("p", { class: "meta", text: "— " + (q.speaker || "unattributed") }),
    el("button", { type: "button", class: "hit-title", onclick: () => openPost(q.site, q.post_id), text: q.title || "(untitled)" }),
    el("p", { class: "meta", text: day(q.date) + " · " + q.site })));
  $("results").replaceChildren(...items);
  $("more").hidden = result.quotes.length < state.limit;
}

function safeUrl(url) {
  return /^https?:\/\//i.test(url || "") ? url : "#";
}

// ---- facets and the histogram ---------------------------------------------

function showFacets(facets) {
  if (!facets) return;
  for (const name of ["category", "site", "speaker"]) {
    const box = $("facet-" + name);
    const shown = facets[name].map((f) => [f.value, f.count]);
    // A chosen value stays visible even when it is not among the commonest.
    for (const value of state[name]) {
      if (!shown.some(([v]) => v === value)) shown.push([value, 0]);
    }
    if (shown.length === 0) {
      box.replaceChildren(el("span", { class: "none", text: "none" }));
      continue;
    }
    box.replaceChildren(...shown.map(([value, count]) => {
      const input = el("input", { type: "checkbox", value });
      input.checked = state[name].includes(value);
      input.addEventListener("change", () => {
        state[name] = input.checked ? [...state[name], value] : state[name].filter((v) => v !== value);
        state.limit = PAGE;
        run();
      });
      return el("label", {}, input, el("span", { text: value }), el("span", { class: "count", text: count.toLocaleString() }));
    }));
  }
  showHistogram(facets.month);
}

function monthEnd(year, month) {
  return new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
}

function showHistogram(months) {
  const parsed = months.map((m) => [Number(m.value.slice(0, 4)), Number(m.value.slice(5, 7)), m.count]);
  const bars = [];
  if (parsed.length) {
    const first = parsed[0][0] * 12 + parsed[0][1] - 1;
    const last = parsed[parsed.length - 1][0] * 12 + parsed[parsed.length - 1][1] - 1;
    const perYear = last - first + 1 > MAX_MONTH_BARS;
    const counts = new Map();
    for (const [y, m, c] of parsed) {
      const key = perYear ? y : y * 12 + m - 1;
      counts.set(key, (counts.get(key) || 0) + c);
    }
    const [from, to] = perYear ? [Math.floor(first / 12), Math.floor(last / 12)] : [first, last];
    for (let key = from; key <= to; key++) {
      const y = perYear ? key : Math.floor(key / 12);
      const m = perYear ? 0 : (key % 12) + 1;
      const label = perYear ? String(y) : `${y}-${String(m).padStart(2, "0")}`;
      const since = perYear ? `${y}-01-01` : `${label}-01`;
      const until = perYear ? `${y}-12-31` : monthEnd(y, m);
      bars.push({ label, since, until, count: counts.get(key) || 0 });
    }
  }
  const most = Math.max(1, ...bars.map((b) => b.count));
  $("histogram").replaceChildren(...bars.map((bar) => {
    const chosen = state.since === bar.since && state.until === bar.until;
    const button = el("button", {
      type: "button",
      title: `${bar.label}: ${bar.count.toLocaleString()}`,
      "aria-label": `${bar.label}: ${bar.count} posts`,
      "aria-pressed": String(chosen),
      "data-since": bar.since,
      onclick: () => {
        [state.since, state.until] = chosen ? ["", ""] : [bar.since, bar.until];
        syncDates();
        state.limit = PAGE;
        run();
      },
    });
    // Through the CSSOM: the page's content security policy forbids style attributes.
    button.style.height = `${Math.max(4, Math.round((bar.count / most) * 100))}%`;
    return button;
  }));
}

function syncDates() {
  $("since").value = state.since;
  $("until").value = state.until;
}

// ---- the post view ---------------------------------------------------------

let opener = null;

async function openPost(site, id) {
  opener = document.activeElement;
  state.post = `${site}/${id}`;
  writeUrl();
  try {
    const post = await api(`/api/posts/${encodeURIComponent(site)}/${encodeURIComponent(id)}`);
    $("post-title").textContent = post.title || "(untitled)";
    $("post-meta").textContent = [day(post.date), post.site, post.categories.join(", "), post.author]
      .filter(Boolean).join(" · ");
    $("post-url").textContent = post.url;
    $("post-url").href = safeUrl(post.url);
    const quotes = post.quotes.map((q) => el("li", { text: `“${q.text}” — ${q.speaker || "unattributed"}` }));
    $("post-quotes").hidden = quotes.length === 0;
    $("post-quotes").querySelector("ul").replaceChildren(...quotes);
    const paragraphs = post.body.split(/\n\s*\n/).filter((t) => t.trim()).map((t) => el("p", { text: t }));
    $("post-text").replaceChildren(...paragraphs);
    $("post-view").hidden = false;
    $("post").focus();
  } catch (err) {
    state.post = "";
    writeUrl();
    $("status").textContent = "Error: " + err.message;
  }
}

function closePost() {
  $("post-view").hidden = true;
  state.post = "";
  writeUrl();
  if (opener && document.contains(opener)) opener.focus();
}

// ---- wiring ------------------------------------------------------------------

function setTab(tab) {
  state.tab = tab;
  state.limit = PAGE;
  $("tab-posts").setAttribute("aria-pressed", String(tab === "posts"));
  $("tab-quotes").setAttribute("aria-pressed", String(tab === "quotes"));
  $("sort").disabled = tab === "quotes";
  run();
}

function start() {
  readUrl();
  $("q").value = state.q;
  $("sort").value = state.sort;
  syncDates();
  $("q").addEventListener("input", () => { state.q = $("q").value; state.limit = PAGE; runSoon(); });
  $("search-form").addEventListener("submit", (e) => { e.preventDefault(); clearTimeout(timer); run(); });
  $("sort").addEventListener("change", () => { state.sort = $("sort").value; state.limit = PAGE; run(); });
  $("tab-posts").addEventListener("click", () => setTab("posts"));
  $("tab-quotes").addEventListener("click", () => setTab("quotes"));
  for (const [id, key] of [["since", "since"], ["until", "until"]]) {
    $(id).addEventListener("change", () => { state[key] = $(id).value; state.limit = PAGE; run(); });
  }
  $("clear-dates").addEventListener("click", () => { state.since = state.until = ""; syncDates(); run(); });
  $("more").addEventListener("click", () => { state.limit += PAGE; run(); });
  $("close-post").addEventListener("click", closePost);
  $("post-view").addEventListener("click", (e) => { if (e.target === $("post-view")) closePost(); });
  document.addEventListener("keydown", (e) => {
    if (e.key === "Escape" && !$("post-view").hidden) { closePost(); return; }
    const typing = /^(INPUT|SELECT|TEXTAREA)$/.test(document.activeElement.tagName);
    if (e.key === "/" && !typing) { e.preventDefault(); $("q").focus(); $("q").select(); }
  });
  setTab(state.tab);
  if (state.post) {
    const cut = state.post.lastIndexOf("/");
    if (cut > 0) openPost(state.post.slice(0, cut), state.post.slice(cut + 1));
  }
}

document.addEventListener("DOMContentLoaded", start);
