/**
 * Portal and public pages show dates in the city's time zone, whatever the device's
 * (the frontend session says which, models/ir_http.py): the dates the portal's chatter
 * formats in the browser agree with the ones the server wrote in the page. The web
 * client's session has no such key and keeps the browser's zone.
 */
import { session } from "@web/session";

const { Settings } = luxon;

if (session.hotline_tz) {
    Settings.defaultZone = session.hotline_tz;
}
