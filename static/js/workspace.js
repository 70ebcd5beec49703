// Reviewer workspace: select sentences or a phrase, open the claim form, and
// keep the text and the claim panel pointing at each other.
// Without this script every sentence is a link to the new-claim form, so the
// page still works as plain HTML.
(() => {
  "use strict";

  const state = { anchor: null, first: null, last: null, start: null, end: null };
  const $ = (selector, root = document) => root.querySelector(selector);
  const $$ = (selector, root = document) => Array.from(root.querySelectorAll(selector));

  const textRoot = () => $("#source-text");
  const sentences = () => $$("#source-text .sentence");
  const sentenceAt = (index) => $(`#source-text .sentence[data-index="${index}"]`);

  // Links become focusable text: dragging over a link would start a link drag
  // instead of selecting words. One sentence is in the tab order at a time
  // (roving tabindex); j/k move between them.
  // Idempotent: sentences swapped in out of band after a save are prepared
  // the same way, the others keep their state.
  function prepareText() {
    const root = textRoot();
    if (!root) return;
    sentences().forEach((el) => {
      if (!el.hasAttribute("href")) return;
      el.dataset.href = el.getAttribute("href");
      el.removeAttribute("href");
      el.tabIndex = -1;
    });
    if (!$("#source-text .sentence[tabindex='0']") && sentences().length) sentences()[0].tabIndex = 0;
    paintSelection();
    highlightOpenClaim();
  }

  function focusSentence(el) {
    if (!el) return;
    sentences().forEach((s) => (s.tabIndex = -1));
    el.tabIndex = 0;
    el.focus();
  }

  function selectRange(fromIndex, toIndex) {
    state.first = Math.min(fromIndex, toIndex);
    state.last = Math.max(fromIndex, toIndex);
    state.start = state.end = null;
    paintSelection();
  }

  function clearSelection() {
    Object.assign(state, { anchor: null, first: null, last: null, start: null, end: null });
    paintSelection();
  }

  function paintSelection() {
    sentences().forEach((el) => {
      const i = Number(el.dataset.index);
      const on = state.first !== null && i >= state.first && i <= state.last;
      el.classList.toggle("is-selected", on);
    });
    const bar = $("#selection-bar");
    if (!bar) return;
    bar.elements.first.value = state.first ?? "";
    bar.elements.last.value = state.last ?? "";
    bar.elements.start.value = state.start ?? "";
    bar.elements.end.value = state.end ?? "";
    $("#new-claim-button").disabled = state.first === null;
    $("#selection-summary").textContent = describeSelection();
    fillSelectionForms();
  }

  // A form in the panel that takes a selection (re-attach) follows the text:
  // what is selected there is what its button sends.
  function fillSelectionForms() {
    if (state.first === null) return;
    $$("form[data-selection-form]").forEach((form) => {
      const set = (name, value) => {
        if (form.elements[name]) form.elements[name].value = value ?? "";
      };
      set("first", state.first);
      set("last", state.last === state.first ? "" : state.last);
      set("start", state.start);
      set("end", state.end);
      set("phrase", "");
    });
  }

  function describeSelection() {
    if (state.first === null) return "Nothing selected.";
    if (state.start !== null) return `Phrase selected: “${state.phrase}”`;
    if (state.first === state.last) return `Sentence ${state.first + 1} selected.`;
    return `Sentences ${state.first + 1}–${state.last + 1} selected.`;
  }

  // Offset of a DOM point inside a sentence, counting only the sentence's own
  // text (claim badges add characters that are not in the source).
  function offsetInSentence(sentence, node, offset) {
    const walker = document.createTreeWalker(sentence, NodeFilter.SHOW_TEXT, {
      acceptNode: (n) =>
        n.parentElement.closest(".claim-badge") ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT,
    });
    let total = 0;
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (n === node) return total + offset;
      if (node.nodeType !== Node.TEXT_NODE && node.contains(n)) {
        // The point is between child nodes: count the children before it.
        const before = document.createRange();
        before.setStart(node, 0);
        before.setEnd(node, offset);
        return before.intersectsNode(n) ? total + n.data.length : total;
      }
      total += n.data.length;
    }
    return total;
  }

  function pointToOffset(node, offset) {
    const el = node.nodeType === Node.TEXT_NODE ? node.parentElement : node;
    const sentence = el.closest(".sentence");
    if (!sentence) return null;
    return {
      index: Number(sentence.dataset.index),
      offset: Number(sentence.dataset.start) + offsetInSentence(sentence, node, offset),
    };
  }

  function selectPhraseFromMouse() {
    const selection = window.getSelection();
    if (!selection || selection.isCollapsed || !textRoot()) return false;
    const range = selection.getRangeAt(0);
    if (!textRoot().contains(range.commonAncestorContainer)) return false;
    const a = pointToOffset(range.startContainer, range.startOffset);
    const b = pointToOffset(range.endContainer, range.endOffset);
    if (!a || !b || b.offset <= a.offset) return false;
    state.first = a.index;
    state.last = b.index;
    state.start = a.offset;
    state.end = b.offset;
    state.phrase = selection.toString().trim().replace(/\s+/g, " ").slice(0, 120);
    paintSelection();
    return true;
  }

  function openClaim(id) {
    const item = $(`.claim-item[data-claim="${id}"] a`);
    const url = `/review/claims/${id}/`;
    if (item) {
      item.click();
    } else if (window.htmx) {
      htmx.ajax("GET", url, { target: "#panel", swap: "innerHTML" }).then(() => history.pushState({}, "", url));
    } else {
      window.location.href = url;
    }
  }

  function markClaim(id, className, on) {
    $$(`#source-text mark[data-claims]`).forEach((mark) => {
      if (mark.dataset.claims.split(" ").includes(String(id))) mark.classList.toggle(className, on);
    });
    $$(`.claim-badge[data-claim="${id}"]`).forEach((b) => b.classList.toggle(className, on));
  }

  function highlightOpenClaim() {
    $$("#source-text .is-open").forEach((el) => el.classList.remove("is-open"));
    const editor = $("#claim-editor");
    if (editor) markClaim(editor.dataset.claim, "is-open", true);
  }

  // Shift-click extends the sentence selection: keep the browser from
  // extending its own text selection from the previous click instead.
  document.addEventListener("mousedown", (event) => {
    if (!event.shiftKey || state.anchor === null) return;
    if (!event.target.closest?.("#source-text .sentence")) return;
    event.preventDefault();
    window.getSelection()?.removeAllRanges();
  });

  document.addEventListener("mouseup", (event) => {
    if (!textRoot() || !textRoot().contains(event.target)) return;
    if (event.shiftKey && state.anchor !== null) return;
    selectPhraseFromMouse();
  });

  document.addEventListener("click", (event) => {
    const focusLink = event.target.closest("[data-claim-focus]");
    if (focusLink) {
      const mark = $$(`#source-text mark[data-claims]`).find((m) =>
        m.dataset.claims.split(" ").includes(focusLink.dataset.claimFocus),
      );
      if (mark) {
        event.preventDefault();
        mark.scrollIntoView({ block: "center" });
        focusSentence(mark.closest(".sentence"));
      }
      return;
    }
    const sentence = event.target.closest("#source-text .sentence");
    if (!sentence) return;
    const selection = window.getSelection();
    if (selection && !selection.isCollapsed) return; // a phrase was just selected
    const index = Number(sentence.dataset.index);
    const mark = event.target.closest("mark[data-claims]");
    if (mark && !event.shiftKey) {
      openClaim(mark.dataset.claims.split(" ").pop());
      return;
    }
    if (event.shiftKey && state.anchor !== null) {
      selectRange(state.anchor, index);
    } else {
      state.anchor = index;
      selectRange(index, index);
    }
    focusSentence(sentence);
  });

  document.addEventListener("keydown", (event) => {
    if (event.target.closest("input, textarea, select, [contenteditable]")) return;
    if (event.ctrlKey || event.metaKey || event.altKey || !textRoot()) return;
    const current = document.activeElement?.closest?.("#source-text .sentence");
    const index = current ? Number(current.dataset.index) : -1;
    switch (event.key) {
      case "j":
      case "k": {
        const next = sentenceAt(index + (event.key === "j" ? 1 : -1)) || (index < 0 ? sentenceAt(0) : null);
        if (next) focusSentence(next);
        break;
      }
      case "x":
      case " ":
      case "Enter":
        if (!current) return;
        if (event.key === "x" && state.anchor !== null) {
          selectRange(state.anchor, index);
        } else {
          state.anchor = index;
          selectRange(index, index);
        }
        break;
      case "c":
        if (state.first === null && current) {
          state.anchor = index;
          selectRange(index, index);
        }
        if (state.first !== null) $("#new-claim-button").click();
        break;
      case "Escape":
        clearSelection();
        break;
      default:
        return;
    }
    event.preventDefault();
  });

  // Hovering or focusing a claim in the list lights up its text, and back.
  for (const type of ["mouseover", "focusin", "mouseout", "focusout"]) {
    document.addEventListener(type, (event) => {
      const on = type === "mouseover" || type === "focusin";
      const item = event.target.closest?.(".claim-item");
      if (item) markClaim(item.dataset.claim, "is-active", on);
      const mark = event.target.closest?.("#source-text mark[data-claims]");
      if (mark) {
        for (const id of mark.dataset.claims.split(" ")) {
          $(`.claim-item[data-claim="${id}"]`)?.classList.toggle("is-active", on);
        }
      }
    });
  }

  document.addEventListener("submit", (event) => {
    const message = event.target.dataset?.confirm;
    if (message && !window.confirm(message)) event.preventDefault();
  });

  // A swap replaces the focused button or field: focus would fall to <body>.
  // Put it back on the same field, or on the "Saved" message of the new content.
  let focusBeforeSwap = null;
  document.addEventListener("htmx:beforeSwap", (event) => {
    const active = document.activeElement;
    if (active && active !== document.body && event.target.contains(active)) {
      focusBeforeSwap = { id: active.id, target: event.target.id };
    }
  });

  function restoreFocus() {
    const memo = focusBeforeSwap;
    focusBeforeSwap = null;
    if (!memo || (document.activeElement && document.activeElement !== document.body)) return;
    const target = document.getElementById(memo.target);
    const field = memo.id && document.getElementById(memo.id);
    const saved = target && $(".saved[tabindex]", target);
    (saved || field || target?.querySelector("button, input, textarea, select, a"))?.focus();
  }

  document.addEventListener("claim-created", clearSelection);

  document.addEventListener("htmx:afterSettle", (event) => {
    prepareText();
    restoreFocus();
    // The new-claim form opened with "c" or the button: focus would stay on the
    // text, so typing would move through sentences instead of writing the claim.
    if (event.target.id === "panel") {
      $("#claim-new :is(input:not([type=hidden]), textarea, select)")?.focus();
    }
  });

  function start() {
    // Without this script the button opens the form with sentence menus; with
    // it, a selection in the text comes first.
    const button = $("#new-claim-button");
    if (button && state.first === null) button.disabled = true;
    prepareText();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
