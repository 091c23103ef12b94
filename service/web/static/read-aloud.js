/* "Read to me" by each question or message, only where the phone has its own voice for the
   page's language (so nothing leaves the phone); without one, or without JS, nothing changes. */
(function () {
  "use strict";
  var synth = window.speechSynthesis, main = document.getElementById("main");
  if (!synth || !window.SpeechSynthesisUtterance || !main) return;
  var lang = document.documentElement.lang;
  var wanted = { prs: ["prs", "fa-af", "fa"] }[lang] || [lang]; // Dari: else Afghan Persian
  var parts = "h1,h2,legend,.hint,label,.contact,p", offered = false;

  function voice() {
    var voices = synth.getVoices().filter(function (v) { return v.localService; });
    for (var i = 0; i < wanted.length; i++) {
      for (var j = 0; j < voices.length; j++) {
        var tag = voices[j].lang.toLowerCase().replace("_", "-");
        if (tag === wanted[i] || tag.indexOf(wanted[i] + "-") === 0) return voices[j];
      }
    }
    return null;
  }

  function read(box) {
    var chosen = voice();
    if (!chosen) return;
    synth.cancel();
    box.querySelectorAll(parts).forEach(function (el) {
      var text = el.textContent.replace(/\s+/g, " ").trim();
      if (!text || el.closest("button,[hidden]") || el.querySelector(parts)) return;
      var said = new SpeechSynthesisUtterance(text);
      said.voice = chosen;
      said.lang = chosen.lang;
      synth.speak(said);
    });
  }

  function offer() {
    if (offered || !voice()) return;
    offered = true;
    main.querySelectorAll("[data-read]").forEach(function (box) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "read";
      button.innerHTML = '<svg class="pic" viewBox="0 0 48 48" aria-hidden="true"><path d="M7 18h8l11-9v30l-11-9H7zM32 17q5 7 0 14M37 12q9 12 0 24"/></svg> ';
      button.append(main.getAttribute("data-read-label"));
      button.onclick = function () { read(box); };
      box.firstElementChild.after(button);
    });
  }

  offer();
  synth.addEventListener("voiceschanged", offer);
})();
