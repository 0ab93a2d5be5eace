/**
 * The pivot's row and column headers in the reader's digits (an hour of the day, a
 * year, a code), like its cells. The pivot view is in the lazily loaded bundle.
 */
import { patch } from "@web/core/utils/patch";
import { PivotRenderer } from "@web/views/pivot/pivot_renderer";
import { shownDigits } from "@municipal_hotline/jalali/persian_digits_patch";

patch(PivotRenderer.prototype, shownDigits);
