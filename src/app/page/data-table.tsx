import type { ComponentChildren } from 'preact';
import { useId } from 'preact/hooks';

/**
 * A data table that scrolls on its own when it is wider than the screen, so the page itself never
 * scrolls sideways (WCAG 1.4.10 lets a data table keep its two dimensions). The scrolling box is a
 * region named by the caption, and takes focus so it can be scrolled with the keyboard.
 */
export function DataTable({ caption, children }: { caption: string; children: ComponentChildren }) {
  const captionId = useId();
  return (
    <div class="table-region" role="region" aria-labelledby={captionId} tabIndex={0}>
      <table class="table">
        <caption id={captionId} class="visually-hidden">
          {caption}
        </caption>
        {children}
      </table>
    </div>
  );
}
