import { Component, type ComponentChildren, type ComponentType } from 'preact';
import { lazy } from 'preact-iso';

/** Resolves once the page has loaded (at once if it has). */
function pageLoaded(): Promise<void> {
  return new Promise((resolve) => {
    if (document.readyState === 'complete') resolve();
    else addEventListener('load', () => resolve(), { once: true });
  });
}

/**
 * Where a part waiting for its code suspends: the same hook preact-iso's lazy looks for (its
 * ErrorBoundary's), defined here so every public page's entry does not carry it.
 */
class WaitForPart extends Component<{ children: ComponentChildren }> {
  constructor() {
    super();
    (this as unknown as { __c: (waiting: Promise<unknown>) => void }).__c = (waiting) => {
      void waiting.then(() => this.forceUpdate());
    };
  }

  render() {
    return this.props.children;
  }
}

/**
 * A part the server renders in full (a form that posts without JavaScript) whose code the browser
 * fetches only after `load`: until then the server's markup stays as it is and works as plain
 * HTML; then the part hydrates it and takes over. The part must render a single root element
 * (the node Preact keeps while the code is on its way) and read what was typed meanwhile from
 * the page (`useTypedValues`), since hydration leaves the fields as they are.
 */
export function hydrateAfterLoad<Props extends object>(load: () => Promise<{ default: ComponentType<Props> }>): ComponentType<Props> {
  const Part = lazy<ComponentType<Props>>(() => (import.meta.env.SSR ? load() : pageLoaded().then(load)).then((module) => module.default));
  return (props: Props) => (
    <WaitForPart>
      <Part {...props} />
    </WaitForPart>
  );
}
