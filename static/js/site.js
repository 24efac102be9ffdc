// Small helpers for every page. The site works without this script.
(function () {
  "use strict";
  var zone = "";
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
  } catch (e) {
    zone = "";
  }
  if (zone) {
    // Signed-out visitors see times in their browser's zone from the next page on
    // (the server decodes the cookie and checks it is a known zone). Written again
    // when the device's zone changed, after a journey.
    var value = encodeURIComponent(zone);
    if (document.cookie.split("; ").indexOf("flh_tz=" + value) === -1) {
      document.cookie = "flh_tz=" + value + ";path=/;max-age=31536000;samesite=lax";
    }
    // The sign-up form keeps the zone on the new account.
    document.addEventListener("DOMContentLoaded", function () {
      var field = document.querySelector("input[type=hidden][name=time_zone]");
      if (field && !field.value) field.value = zone;
    });
  }
})();
