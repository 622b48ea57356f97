// The schedule page of `oncall generate`: who is on duty now and next (from this browser's
// clock, shown in the policy's time zone and the viewer's), and the filter by person
// (`#person=ID`). Plain JavaScript; it reads the schedule embedded in the page and asks no
// server for anything.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("schedule-data").textContent);
  var zone = data.timezone;
  var viewerZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  var shifts = data.shifts.map(function (s) {
    return { rotation: s.rotation, person: s.person, shadow: s.shadow || null, start: Date.parse(s.start), end: Date.parse(s.end) };
  });
  shifts.sort(function (a, b) { return a.start - b.start; });

  function formatter(timeZone, withDay) {
    var options = { hour: "2-digit", minute: "2-digit", hourCycle: "h23" };
    if (withDay) { options.weekday = "short"; options.day = "numeric"; options.month = "short"; }
    if (timeZone) { options.timeZone = timeZone; }
    return new Intl.DateTimeFormat("en-GB", options);
  }
  var inZone = formatter(zone, true);
  var inViewer = formatter(undefined, true);
  var dayInZone = new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" });

  function name(id) { return data.names[id] || id; }
  // The time in the policy's zone, and in the viewer's when it reads otherwise there (zones
  // are compared by the time they show, so an alias such as Asia/Calcutta is the same zone).
  function when(t) {
    var text = inZone.format(t);
    var theirs = inViewer.format(t);
    if (theirs !== text) { text += " (" + theirs + " your time)"; }
    return text;
  }

  // As `oncall who`: the shift holding the moment, until the end of the shifts of the same
  // person that follow it without a break, and the first shift starting after that.
  function onDuty(rotation, now) {
    for (var i = 0; i < shifts.length; i++) {
      var s = shifts[i];
      if (s.rotation === rotation && s.start <= now && now < s.end) { return s; }
    }
    return null;
  }
  function until(shift) {
    var end = shift.end;
    for (var i = 0; i < shifts.length; i++) {
      var s = shifts[i];
      if (s.rotation !== shift.rotation || s.start < shift.end) { continue; }
      if (s.start !== end || s.person !== shift.person) { break; }
      end = s.end;
    }
    return end;
  }
  function next(rotation, now) {
    var current = onDuty(rotation, now);
    var after = current ? until(current) - 1000 : now;
    for (var i = 0; i < shifts.length; i++) {
      var s = shifts[i];
      if (s.rotation === rotation && s.start > after) { return s; }
    }
    return null;
  }

  function setPerson(element, id) {
    if (id) { element.setAttribute("data-person", id); } else { element.removeAttribute("data-person"); }
  }

  function refresh() {
    var now = Date.now();
    var clock = document.getElementById("clock");
    var here = inZone.format(now);
    var theirs = inViewer.format(now);
    clock.textContent = "Now: " + here + " in " + zone + (theirs !== here ? "; " + theirs + " your time (" + viewerZone + ")" : "") + ".";
    var cards = document.querySelectorAll("#now [data-rotation]");
    for (var c = 0; c < cards.length; c++) {
      var rotation = cards[c].getAttribute("data-rotation");
      var nowText = cards[c].querySelector("[data-role=now]");
      var nextText = cards[c].querySelector("[data-role=next]");
      var shift = onDuty(rotation, now);
      if (shift) {
        nowText.textContent = name(shift.person) + " until " + when(until(shift)) +
          (shift.shadow ? ", shadowed by " + name(shift.shadow) : "");
      } else {
        var today = dayInZone.format(now);
        nowText.textContent = today < data.from || today > data.until
          ? "Unknown: no schedule covers today"
          : "Nobody: outside the rotation's shift hours";
      }
      setPerson(nowText, shift && shift.person);
      var then = next(rotation, now);
      nextText.textContent = then ? "Next: " + name(then.person) + " from " + when(then.start) : "Nothing planned after this.";
      setPerson(nextText, then && then.person);
    }
    var today = dayInZone.format(now);
    var cells = document.querySelectorAll("td[data-date]");
    for (var d = 0; d < cells.length; d++) {
      var isToday = cells[d].getAttribute("data-date") === today;
      cells[d].classList.toggle("today", isToday);
      if (isToday) { cells[d].setAttribute("aria-current", "date"); } else { cells[d].removeAttribute("aria-current"); }
    }
  }

  // A file:// page sits in generated/site/, beside generated/calendars/; GitHub Pages serves
  // the calendars under the site (pages.yml copies them there).
  var local = location.protocol === "file:";
  function calendarHref(path) { return (local ? "../" : "") + path; }
  var links = document.querySelectorAll("a[data-calendar]");
  for (var l = 0; l < links.length; l++) {
    var path = links[l].getAttribute("data-calendar");
    if (path) { links[l].setAttribute("href", calendarHref(path)); }
  }

  // Served from a web server, a calendar can be subscribed to: its webcal: address, and its
  // own address for apps that ask for a URL.
  function subscription(element, path) {
    element.textContent = "";
    if (local) { return; }
    var url = new URL(path, location.href);
    element.appendChild(document.createTextNode(" (subscribe: "));
    var webcal = document.createElement("a");
    webcal.href = "webcal://" + url.host + url.pathname;
    webcal.textContent = "webcal";
    element.appendChild(webcal);
    element.appendChild(document.createTextNode(", or add the URL "));
    var code = document.createElement("code");
    code.textContent = url.href;
    element.appendChild(code);
    element.appendChild(document.createTextNode(")"));
  }
  var subscriptions = document.querySelectorAll(".calendars [data-role=subscribe]");
  for (var n = 0; n < subscriptions.length; n++) {
    subscription(subscriptions[n], subscriptions[n].getAttribute("data-path"));
  }

  var select = document.getElementById("person");
  var people = {};
  for (var o = 0; o < select.options.length; o++) { people[select.options[o].value] = true; }
  var calendars = {};
  var calendarLinks = document.querySelectorAll(".calendars a[data-calendar]");
  for (var k = 0; k < calendarLinks.length; k++) { calendars[calendarLinks[k].getAttribute("data-calendar")] = true; }

  function fromHash() {
    var match = /^#person=(.*)$/.exec(location.hash);
    var id = "";
    try { id = match ? decodeURIComponent(match[1]) : ""; } catch (e) { id = ""; }
    return Object.prototype.hasOwnProperty.call(people, id) ? id : "";
  }
  function filter(id) {
    select.value = id;
    var entries = document.querySelectorAll("td [data-person]");
    for (var i = 0; i < entries.length; i++) {
      entries[i].hidden = id !== "" && entries[i].getAttribute("data-person") !== id;
    }
    var note = document.getElementById("filter-note");
    note.hidden = id === "";
    note.textContent = id ? "Showing only the shifts of " + name(id) + " (" + id + ")." : "";
    var box = document.getElementById("person-calendar");
    var path = "calendars/" + id + ".ics";
    if (id && calendars[path]) {
      box.hidden = false;
      box.querySelector("[data-role=name]").textContent = name(id);
      var link = box.querySelector("a");
      link.setAttribute("data-calendar", path);
      link.setAttribute("href", calendarHref(path));
      subscription(box.querySelector("[data-role=subscribe]"), path);
    } else {
      box.hidden = true;
    }
  }
  // The choice is kept in the address without a history entry per name passed on the way.
  select.addEventListener("change", function () {
    var id = select.value;
    var address = location.pathname + location.search + (id ? "#person=" + encodeURIComponent(id) : "");
    try { history.replaceState(null, "", address); } catch (e) { location.hash = id ? "person=" + encodeURIComponent(id) : ""; }
    filter(id);
  });
  window.addEventListener("hashchange", function () { filter(fromHash()); });

  filter(fromHash());
  refresh();
  setInterval(refresh, 30000);
})();
