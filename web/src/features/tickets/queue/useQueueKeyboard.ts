import { useEffect } from 'react';

type Handlers = {
  selectedId: string | null;
  onSelect: (id: string) => void;
  onOpen: (id: string) => void;
  onToggle: (id: string) => void;
  onSearch: () => void;
  onHelp: () => void;
};

// Typing in a field (search, a filter, a dialog) keeps its keys: the queue listens only elsewhere.
const isTyping = (target: EventTarget | null) =>
  target instanceof HTMLElement &&
  (target.isContentEditable ||
    !!target.closest('input, textarea, select, [role="combobox"], [role="dialog"]'));

/**
 * The queue's keys: j/k or ↓/↑ move the selection over the rows on screen (grouped or not, in their
 * order), Enter opens the selected request, x checks it, / goes to the search, ? shows the keys.
 */
export function useQueueKeyboard(handlers: Handlers) {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (
        event.defaultPrevented ||
        event.ctrlKey ||
        event.metaKey ||
        event.altKey ||
        isTyping(event.target)
      ) {
        return;
      }
      const h = handlers;
      const rows = [...document.querySelectorAll<HTMLElement>('[data-queue-row]')];
      const ids = rows.map((row) => row.dataset.queueRow ?? '');
      const index = h.selectedId ? ids.indexOf(h.selectedId) : -1;
      const move = (step: number) => {
        const at = index === -1 ? (step > 0 ? 0 : ids.length - 1) : index + step;
        const next = ids[Math.max(0, Math.min(ids.length - 1, at))];
        if (!next) {
          return false;
        }
        h.onSelect(next);
        rows[ids.indexOf(next)]?.scrollIntoView({ block: 'nearest' });
        return true;
      };
      // Enter and x on a focused button or link are that control's own.
      const onControl = event.target instanceof HTMLElement && !!event.target.closest('button, a');
      switch (event.key) {
        case 'j':
        case 'ArrowDown':
          if (!move(1)) {
            return;
          }
          break;
        case 'k':
        case 'ArrowUp':
          if (!move(-1)) {
            return;
          }
          break;
        case 'Enter':
          if (index === -1 || onControl) {
            return;
          }
          h.onOpen(ids[index] ?? '');
          break;
        case 'x':
          if (index === -1) {
            return;
          }
          h.onToggle(ids[index] ?? '');
          break;
        case '/':
          h.onSearch();
          break;
        case '?':
          h.onHelp();
          break;
        default:
          return;
      }
      event.preventDefault();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [handlers]);
}
