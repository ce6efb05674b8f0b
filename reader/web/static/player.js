// reader's player: enhances the episode page, which works without this script.
// Chapter links become buttons that seek; the controls, the transcript
// highlight and the keyboard shortcuts (Alt+Shift+key, can be turned off)
// appear; chapter changes are announced through a polite live region.
// The word being spoken is highlighted too, from transcript.json, with the CSS
// Custom Highlight API: no element changes, so screen readers are told nothing
// of it. It is off under prefers-reduced-motion unless the listener turns it on.
(function () {
  "use strict";

  var audio = document.getElementById("audio");
  if (!audio) return;
  document.documentElement.classList.add("js");

  var SKIP_S = 15;
  var RESTART_S = 3;
  // A chapter starts in the pause just before its heading (25 ms), and a sentence
  // a moment before it is spoken is the one to show: at a chapter's start, its
  // heading is highlighted, not the previous chapter's last sentence.
  var SEEK_SLACK_S = 0.05;
  var announcer = document.getElementById("announcer");
  var speedSelect = document.getElementById("speed");
  var followToggle = document.getElementById("follow-toggle");
  var shortcutsToggle = document.getElementById("shortcuts-toggle");
  var transcript = document.getElementById("transcript");
  var wordsToggle = document.getElementById("words-toggle");
  var reduceMotion = window.matchMedia("(prefers-reduced-motion: reduce)");

  var store = {
    get: function (key, fallback) {
      try {
        var value = window.localStorage.getItem("reader." + key);
        return value === null ? fallback : value;
      } catch (e) {
        return fallback;
      }
    },
    set: function (key, value) {
      try {
        window.localStorage.setItem("reader." + key, String(value));
      } catch (e) {
        /* storage off: the setting lasts for this page only */
      }
    },
  };

  function clock(seconds) {
    var s = Math.max(0, Math.floor(seconds));
    var h = Math.floor(s / 3600);
    var m = Math.floor(s / 60) % 60;
    var rest = ("0" + (s % 60)).slice(-2);
    return h ? h + ":" + ("0" + m).slice(-2) + ":" + rest : m + ":" + rest;
  }

  var lastMessage = "";
  function announce(message) {
    // Clear first so that the same words said twice are announced twice.
    announcer.textContent = "";
    lastMessage = message;
    window.setTimeout(function () {
      if (lastMessage === message) announcer.textContent = message;
    }, 50);
  }

  function play() {
    var started = audio.play();
    if (started && started.catch) started.catch(function () {});
  }

  function seek(seconds) {
    var duration = isFinite(audio.duration) ? audio.duration : Infinity;
    audio.currentTime = Math.min(Math.max(0, seconds), duration);
  }

  // -- chapters ---------------------------------------------------------------

  var chapters = Array.prototype.map.call(
    document.querySelectorAll("#chapters .chapter"),
    function (item, index) {
      var link = item.querySelector(".chapter-jump");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "chapter-jump";
      while (link.firstChild) button.appendChild(link.firstChild);
      link.replaceWith(button);
      button.addEventListener("click", function () {
        goToChapter(index);
      });
      return {
        button: button,
        start: Number(item.dataset.startMs) / 1000,
        title: item.querySelector(".chapter-title").textContent,
      };
    }
  );
  var current = -1;

  function chapterAt(seconds) {
    var found = 0;
    for (var i = 0; i < chapters.length; i++) {
      if (chapters[i].start <= seconds + SEEK_SLACK_S) found = i;
    }
    return found;
  }

  function describe(index) {
    return "Chapter " + (index + 1) + " of " + chapters.length + ": " + chapters[index].title;
  }

  function markChapter(index) {
    if (index === current || !chapters.length) return false;
    if (current >= 0) chapters[current].button.removeAttribute("aria-current");
    chapters[index].button.setAttribute("aria-current", "true");
    document.getElementById("now-number").textContent = String(index + 1);
    document.getElementById("now-title").textContent = chapters[index].title;
    current = index;
    return true;
  }

  function goToChapter(index) {
    if (index < 0 || index >= chapters.length) return;
    seek(chapters[index].start);
    markChapter(index);
    announce(describe(index));
    play();
  }

  function nextChapter() {
    if (!chapters.length) return;
    if (current + 1 >= chapters.length) announce("This is the last chapter.");
    else goToChapter(current + 1);
  }

  function previousChapter() {
    if (!chapters.length) return;
    var here = Math.max(current, 0);
    if (audio.currentTime - chapters[here].start > RESTART_S || here === 0) goToChapter(here);
    else goToChapter(here - 1);
  }

  function skip(seconds) {
    seek(audio.currentTime + seconds);
    var moved = markChapter(chapterAt(audio.currentTime));
    var message = (seconds < 0 ? "Back" : "Forward") + " to " + clock(audio.currentTime);
    announce(moved ? message + ". " + describe(current) : message);
  }

  // -- transcript ---------------------------------------------------------------

  var cues = transcript ? Array.prototype.slice.call(transcript.querySelectorAll(".cue")) : [];
  var cueStarts = cues.map(function (cue) {
    return Number(cue.dataset.startMs) / 1000;
  });
  var currentCue = null;
  var follow = store.get("follow", "true") === "true";

  function cueAt(seconds) {
    var low = 0;
    var high = cueStarts.length - 1;
    var found = -1;
    while (low <= high) {
      var mid = (low + high) >> 1;
      if (cueStarts[mid] <= seconds + SEEK_SLACK_S) {
        found = mid;
        low = mid + 1;
      } else high = mid - 1;
    }
    return found < 0 ? null : cues[found];
  }

  function isVisible(element) {
    var box = element.getBoundingClientRect();
    return box.bottom > 0 && box.top < window.innerHeight;
  }

  function highlight(cue) {
    if (cue === currentCue) return;
    var wasVisible = currentCue ? isVisible(currentCue) : false;
    if (currentCue) {
      currentCue.classList.remove("current");
      currentCue.removeAttribute("aria-current");
    }
    currentCue = cue;
    if (!cue) return;
    cue.classList.add("current");
    cue.setAttribute("aria-current", "true");
    // Scroll only a reader who was following along, never away from the focus.
    var focusInside = transcript.contains(document.activeElement);
    if (wasVisible && !audio.paused && !focusInside && !isVisible(cue)) {
      cue.scrollIntoView({ block: "center", behavior: reduceMotion.matches ? "auto" : "smooth" });
    }
  }

  function setFollow(on) {
    follow = on;
    followToggle.setAttribute("aria-pressed", String(on));
    store.set("follow", on);
    highlight(on ? cueAt(audio.currentTime) : null);
  }

  function focusCue(cue) {
    cues.forEach(function (c) {
      c.tabIndex = c === cue ? 0 : -1;
    });
    cue.focus();
  }

  function playCue(cue) {
    seek(Number(cue.dataset.startMs) / 1000);
    update();
    play();
  }

  if (cues.length) {
    cues.forEach(function (cue, i) {
      // A button: screen readers then say that a sentence can be activated (it plays).
      cue.setAttribute("role", "button");
      cue.tabIndex = i === 0 ? 0 : -1;
    });
    transcript.addEventListener("click", function (event) {
      var cue = event.target.closest(".cue");
      var selection = window.getSelection();
      if (cue && (!selection || selection.isCollapsed)) playCue(cue);
    });
    transcript.addEventListener("keydown", function (event) {
      var cue = event.target.closest(".cue");
      if (!cue || event.altKey || event.ctrlKey || event.metaKey) return;
      var i = cues.indexOf(cue);
      var to = {
        ArrowDown: i + 1,
        ArrowRight: i + 1,
        ArrowUp: i - 1,
        ArrowLeft: i - 1,
        Home: 0,
        End: cues.length - 1,
      }[event.key];
      if (to !== undefined) {
        focusCue(cues[Math.min(Math.max(to, 0), cues.length - 1)]);
        event.preventDefault();
      } else if (event.key === "Enter" || event.key === " ") {
        playCue(cue);
        event.preventDefault();
      }
    });
    document.getElementById("transcript-hint").hidden = false;
  } else {
    followToggle.hidden = true;
  }

  // -- words ------------------------------------------------------------------------

  // cueWords[i]: the words of cue i as {start, end, range}, in order (seconds).
  var cueWords = null;
  var wordHighlight = null;
  var currentWord = null;
  var wordFrame = 0;
  var wordsOn = false;
  var canHighlightWords =
    cues.length &&
    transcript.dataset.wordsHref &&
    window.CSS &&
    CSS.highlights &&
    typeof window.Highlight === "function";

  // Where character `offset` of `element`'s text lies: a text node and an offset in it.
  function textPoint(element, offset) {
    var walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    var node;
    while ((node = walker.nextNode())) {
      if (offset <= node.data.length) return { node: node, offset: offset };
      offset -= node.data.length;
    }
    return null;
  }

  function wordRanges(cue, sentence) {
    var text = cue.textContent;
    var cursor = 0;
    var found = [];
    sentence.words.forEach(function (word) {
      var at = text.indexOf(word.text, cursor);
      if (at < 0) return;
      cursor = at + word.text.length;
      var from = textPoint(cue, at);
      var to = textPoint(cue, cursor);
      if (!from || !to) return;
      var range = document.createRange();
      range.setStart(from.node, from.offset);
      range.setEnd(to.node, to.offset);
      found.push({ start: word.start, end: word.end, range: range });
    });
    return found;
  }

  function loadWords(data) {
    var sentences = (data && data.sentences) || [];
    if (sentences.length !== cues.length) return; // another edition's words: none shown
    cueWords = cues.map(function (cue, i) {
      return wordRanges(cue, sentences[i]);
    });
    wordHighlight = new window.Highlight();
    CSS.highlights.set("reader-word", wordHighlight);
    wordsToggle.hidden = false;
    setWords(wordsOn);
  }

  function wordAt(seconds) {
    var cue = cueAt(seconds);
    if (!cue || !cueWords) return null;
    var words = cueWords[cues.indexOf(cue)];
    for (var i = words.length - 1; i >= 0; i--) {
      if (words[i].start <= seconds) return seconds < words[i].end ? words[i] : null;
    }
    return null;
  }

  function markWord(word) {
    if (word === currentWord) return;
    wordHighlight.clear();
    if (word) wordHighlight.add(word.range);
    currentWord = word;
  }

  function followWords() {
    wordFrame = 0;
    if (!wordsOn || !cueWords) return;
    markWord(wordAt(audio.currentTime));
    if (!audio.paused) wordFrame = window.requestAnimationFrame(followWords);
  }

  function setWords(on) {
    wordsOn = on;
    wordsToggle.setAttribute("aria-pressed", String(on));
    if (!cueWords) return;
    if (on && !wordFrame) followWords();
    if (!on) markWord(null);
  }

  if (canHighlightWords) {
    var savedWords = store.get("words", "");
    wordsOn = savedWords ? savedWords === "true" : !reduceMotion.matches;
    reduceMotion.addEventListener("change", function () {
      if (!store.get("words", "")) setWords(!reduceMotion.matches);
    });
    wordsToggle.addEventListener("click", function () {
      var on = wordsToggle.getAttribute("aria-pressed") !== "true";
      store.set("words", on);
      setWords(on);
    });
    audio.addEventListener("play", function () {
      if (wordsOn && !wordFrame) followWords();
    });
    fetch(transcript.dataset.wordsHref)
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(loadWords)
      .catch(function () {
        /* no word timings: the sentences are still highlighted */
      });
  }

  // -- playback state -------------------------------------------------------------

  function update() {
    if (chapters.length && markChapter(chapterAt(audio.currentTime)) && !audio.paused) {
      announce(describe(current));
    }
    if (follow && cues.length) highlight(cueAt(audio.currentTime));
    if (wordsOn && cueWords && !wordFrame) followWords();
  }

  audio.addEventListener("timeupdate", update);
  audio.addEventListener("seeked", update);
  audio.addEventListener("loadedmetadata", update);

  function setSpeed(rate, say) {
    speedSelect.value = String(rate);
    audio.playbackRate = rate;
    audio.defaultPlaybackRate = rate;
    store.set("speed", rate);
    if (say) announce("Speed " + rate + " times");
  }

  function stepSpeed(step) {
    var options = Array.prototype.map.call(speedSelect.options, function (o) {
      return Number(o.value);
    });
    var i = options.indexOf(Number(speedSelect.value)) + step;
    if (i >= 0 && i < options.length) setSpeed(options[i], true);
  }

  speedSelect.addEventListener("change", function () {
    setSpeed(Number(speedSelect.value), false);
  });
  var savedSpeed = Number(store.get("speed", "1"));
  if (Array.prototype.some.call(speedSelect.options, function (o) {
    return Number(o.value) === savedSpeed;
  })) {
    setSpeed(savedSpeed, false);
  }

  // -- keyboard shortcuts -----------------------------------------------------------

  var shortcuts = store.get("shortcuts", "true") === "true";

  function setShortcuts(on) {
    shortcuts = on;
    shortcutsToggle.setAttribute("aria-pressed", String(on));
    document.getElementById("shortcuts-state").textContent = on ? "on" : "off";
    store.set("shortcuts", on);
  }

  var actions = {
    ArrowRight: nextChapter,
    ArrowLeft: previousChapter,
    KeyF: function () {
      skip(SKIP_S);
    },
    KeyB: function () {
      skip(-SKIP_S);
    },
    ArrowUp: function () {
      stepSpeed(1);
    },
    ArrowDown: function () {
      stepSpeed(-1);
    },
    KeyK: function () {
      if (audio.paused) play();
      else audio.pause();
    },
  };

  document.addEventListener("keydown", function (event) {
    if (!shortcuts || !event.altKey || !event.shiftKey || event.ctrlKey || event.metaKey) return;
    var action = actions[event.code];
    if (!action) return;
    event.preventDefault();
    action();
  });

  document.querySelector('[data-action="previous-chapter"]').addEventListener("click", previousChapter);
  document.querySelector('[data-action="next-chapter"]').addEventListener("click", nextChapter);
  document.querySelector('[data-action="back"]').addEventListener("click", actions.KeyB);
  document.querySelector('[data-action="forward"]').addEventListener("click", actions.KeyF);
  followToggle.addEventListener("click", function () {
    setFollow(followToggle.getAttribute("aria-pressed") !== "true");
  });
  shortcutsToggle.addEventListener("click", function () {
    setShortcuts(shortcutsToggle.getAttribute("aria-pressed") !== "true");
  });

  setShortcuts(shortcuts);
  setFollow(follow);
  document.getElementById("controls").hidden = false;
  document.getElementById("now").hidden = false;
  document.getElementById("shortcuts").hidden = false;
  markChapter(chapterAt(audio.currentTime));
})();
