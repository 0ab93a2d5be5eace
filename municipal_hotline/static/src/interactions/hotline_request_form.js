import { Interaction } from "@web/public/interaction";
import { registry } from "@web/core/registry";
import { _t } from "@web/core/l10n/translation";

/**
 * The portal's request form: the category is chosen step by step down the tree
 * (one select per level), and the guidance of a category outside the municipality's
 * duty is shown before the citizen sends the request. Without JavaScript the flat
 * list of categories still works.
 */
export class HotlineRequestForm extends Interaction {
    static selector = ".o_hotline_request_form";
    dynamicContent = {
        ".o_hotline_category_steps": { "t-on-change": this.onStepChange },
        ".o_hotline_form": { "t-on-submit": this.onSubmit },
    };

    setup() {
        const container = this.el.querySelector(".o_hotline_category");
        this.nodes = JSON.parse(container.dataset.categories || "[]");
        this.byId = new Map(this.nodes.map((node) => [node.id, node]));
        this.flat = this.el.querySelector(".o_hotline_category_flat");
        this.steps = this.el.querySelector(".o_hotline_category_steps");
        this.flat.classList.add("d-none");
        this.flat.removeAttribute("id");
        this.renderSteps(parseInt(this.flat.value) || false);
    }

    children(parentId) {
        return this.nodes.filter((node) => node.parent_id === parentId);
    }

    /** Path of ids from the root down to `id`. */
    path(id) {
        const path = [];
        let node = this.byId.get(id);
        while (node) {
            path.unshift(node.id);
            node = this.byId.get(node.parent_id);
        }
        return path;
    }

    renderSteps(selectedId) {
        const path = selectedId ? this.path(selectedId) : [];
        this.steps.replaceChildren();
        let parentId = false;
        for (let level = 0; ; level++) {
            const options = this.children(parentId);
            if (!options.length) {
                break;
            }
            const select = document.createElement("select");
            select.className = "form-select o_hotline_category_step";
            select.dataset.level = level;
            if (level === 0) {
                select.id = "category_id";
            }
            select.setAttribute(
                "aria-label",
                level === 0 ? _t("Subject") : _t("More precisely")
            );
            select.add(new Option(level === 0 ? _t("Choose…") : _t("More precisely…"), ""));
            for (const option of options) {
                select.add(new Option(option.name, option.id));
            }
            const chosen = path[level];
            select.value = chosen ? String(chosen) : "";
            this.steps.append(select);
            if (!chosen) {
                break;
            }
            parentId = chosen;
        }
        const leaf = selectedId && !this.children(selectedId).length ? selectedId : false;
        this.flat.value = leaf ? String(leaf) : "";
        this.showGuidance(selectedId);
    }

    onStepChange(ev) {
        const select = ev.target;
        const level = parseInt(select.dataset.level);
        const value = parseInt(select.value) || false;
        if (value) {
            this.renderSteps(value);
        } else {
            const previous = this.steps.querySelector(`[data-level="${level - 1}"]`);
            this.renderSteps(previous ? parseInt(previous.value) || false : false);
        }
        const last = this.steps.querySelector("select:last-child");
        if (last && last !== select && !last.value) {
            last.focus();
        }
    }

    showGuidance(id) {
        const box = this.el.querySelector(".o_hotline_guidance");
        const emergency = this.el.querySelector(".o_hotline_emergency");
        const node = id && this.byId.get(id);
        const outside = node && node.jurisdiction !== "municipal";
        box.classList.toggle("d-none", !outside);
        emergency.classList.toggle("d-none", !(node && node.emergency));
        if (!outside) {
            return;
        }
        const agency = node.agency
            ? _t("In charge: %(agency)s", { agency: node.agency }) +
              (node.agency_phone ? ` (${node.agency_phone})` : "")
            : "";
        box.querySelector(".o_hotline_guidance_agency").textContent = agency;
        box.querySelector(".o_hotline_guidance_text").textContent = node.guidance;
    }

    onSubmit(ev) {
        // one request per click, even on a slow connection
        const button = this.el.querySelector(".o_hotline_submit");
        if (button.disabled) {
            ev.preventDefault();
            return;
        }
        button.disabled = true;
    }
}

registry.category("public.interactions").add("municipal_hotline.request_form", HotlineRequestForm);
