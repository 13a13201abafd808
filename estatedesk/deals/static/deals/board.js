// The deal board: drag a card onto another column to move the deal (HTML5 drag and drop).
// The server moves it (the same POST the card's "Move" form sends) and answers with the two
// columns' fresh HTML, which replaces them here. Without JavaScript the form still works.
(function () {
  "use strict";

  const board = document.getElementById("deal-board");
  if (!board) return;
  const status = document.getElementById("board-status");
  let dragged = null;

  function csrfToken() {
    // base.html puts the token in hx-headers on <body>, for htmx; we send it the same way.
    try {
      return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
    } catch (error) {
      return "";
    }
  }

  function say(text, isError) {
    if (!status) return;
    status.textContent = text;
    status.classList.toggle("errorlist", Boolean(isError));
  }

  function replaceColumns(html) {
    const template = document.createElement("template");
    template.innerHTML = html;
    template.content.querySelectorAll(".board-column").forEach(function (fresh) {
      const old = document.getElementById(fresh.id);
      if (old) old.replaceWith(fresh);
    });
  }

  function move(card, from, to, lostReason) {
    const cards = to.querySelector(".board-cards");
    cards.prepend(card); // show it at once; put it back if the server refuses
    board.setAttribute("aria-busy", "true");
    fetch(card.dataset.moveUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: {
        "X-CSRFToken": csrfToken(),
        "HX-Request": "true",
        "Content-Type": "application/x-www-form-urlencoded",
      },
      body: new URLSearchParams({ stage: to.dataset.stage, lost_reason: lostReason }),
    })
      .then(function (response) {
        return response.text().then(function (text) {
          if (!response.ok) {
            from.querySelector(".board-cards").prepend(card);
            say(response.status === 422 ? text : board.dataset.errorText, true);
            return;
          }
          replaceColumns(text);
          say(board.dataset.movedText, false);
        });
      })
      .catch(function () {
        from.querySelector(".board-cards").prepend(card);
        say(board.dataset.errorText, true);
      })
      .finally(function () {
        board.removeAttribute("aria-busy");
      });
  }

  board.addEventListener("dragstart", function (event) {
    const card = event.target.closest && event.target.closest(".deal-card");
    if (!card) return;
    dragged = card;
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", card.id);
    card.classList.add("dragging");
  });

  board.addEventListener("dragend", function () {
    if (dragged) dragged.classList.remove("dragging");
    dragged = null;
    board.querySelectorAll(".drop-target").forEach(function (c) {
      c.classList.remove("drop-target");
    });
  });

  board.addEventListener("dragover", function (event) {
    const column = event.target.closest && event.target.closest(".board-column");
    if (!column || !dragged) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    column.classList.add("drop-target");
  });

  board.addEventListener("dragleave", function (event) {
    const column = event.target.closest && event.target.closest(".board-column");
    if (column && !column.contains(event.relatedTarget)) column.classList.remove("drop-target");
  });

  board.addEventListener("drop", function (event) {
    const column = event.target.closest && event.target.closest(".board-column");
    if (!column || !dragged) return;
    event.preventDefault();
    column.classList.remove("drop-target");
    const card = dragged;
    const from = card.closest(".board-column");
    if (from === column) return;
    let lostReason = "";
    if (column.dataset.kind === "lost") {
      lostReason = window.prompt(board.dataset.lostPrompt, "");
      if (lostReason === null) return; // cancelled: the card stays where it was
    }
    move(card, from, column, lostReason);
  });
})();
