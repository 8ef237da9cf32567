/** A menu button with a popup of radio items, following the ARIA menu button pattern. */
import { html, nothing, type TemplateResult } from 'lit';

/** Names of the control bar's menus. */
export type MenuName = 'quality' | 'subtitles' | 'speed';

export interface MenuItem {
  /** Text of the item. */
  label: string;
  checked: boolean;
  select(): void;
}

export interface MenuConfig {
  name: MenuName;
  /** Accessible name of the menu button, e.g. `Quality`. */
  label: string;
  /** Short text shown on the button next to the icon, e.g. `Auto (540p)`. */
  valueText: string;
  icon: TemplateResult;
  items: MenuItem[];
  open: boolean;
  /** Opens or closes this menu; null closes every menu. */
  toggle(name: MenuName | null): void;
}

/**
 * Renders the button (`::part(<name>-button)`) and, while open, its menu
 * (`::part(menu <name>-menu)`). Arrow keys move between the items, and
 * Escape closes the menu and returns focus to the button.
 */
export function renderMenu(config: MenuConfig): TemplateResult {
  const menuId = `cnx-${config.name}-menu`;
  return html`<div class="menu-wrapper">
    <button
      type="button"
      class="control menu-button"
      part="control ${config.name}-button"
      aria-label="${config.label}: ${config.valueText}"
      aria-haspopup="menu"
      aria-expanded=${config.open ? 'true' : 'false'}
      aria-controls=${menuId}
      data-menu=${config.name}
      @click=${() => config.toggle(config.open ? null : config.name)}
    >
      ${config.icon}<span class="menu-value">${config.valueText}</span>
    </button>
    ${config.open ? renderPopup(config, menuId) : nothing}
  </div>`;
}

function renderPopup(config: MenuConfig, menuId: string): TemplateResult {
  const onKeyDown = (event: KeyboardEvent) => handleMenuKey(event, config);
  return html`<div
    id=${menuId}
    class="menu"
    part="menu ${config.name}-menu"
    role="menu"
    aria-label=${config.label}
    @keydown=${onKeyDown}
  >
    ${config.items.map(
      (item) =>
        html`<button
          type="button"
          role="menuitemradio"
          class="menu-item"
          part="menu-item"
          aria-checked=${item.checked ? 'true' : 'false'}
          tabindex=${item.checked ? '0' : '-1'}
          @click=${() => {
            item.select();
            config.toggle(null);
          }}
        >
          ${item.label}
        </button>`,
    )}
  </div>`;
}

function handleMenuKey(event: KeyboardEvent, config: MenuConfig): void {
  const menu = event.currentTarget as HTMLElement;
  const items = Array.from(menu.querySelectorAll<HTMLElement>('[role="menuitemradio"]'));
  const index = items.indexOf(event.target as HTMLElement);
  const moves: Record<string, number> = {
    ArrowDown: index + 1,
    ArrowUp: index - 1,
    Home: 0,
    End: items.length - 1,
  };
  if (event.key in moves) {
    event.preventDefault();
    const next = (moves[event.key]! + items.length) % items.length;
    items[next]?.focus();
  } else if (event.key === 'Escape') {
    event.preventDefault();
    event.stopPropagation();
    config.toggle(null);
    const root = menu.getRootNode() as ShadowRoot | Document;
    root.querySelector<HTMLElement>(`[data-menu="${config.name}"]`)?.focus();
  }
}
