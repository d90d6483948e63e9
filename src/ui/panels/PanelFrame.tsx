import { Component, useId, type ReactNode } from 'react';

interface BoundaryState {
  readonly error: Error | null;
}

/** A panel that throws shows why, in its own box; the rest of the app keeps working. */
class PanelBoundary extends Component<
  { title: string; resetKey: unknown; children: ReactNode },
  BoundaryState
> {
  override state: BoundaryState = { error: null };

  static getDerivedStateFromError(error: Error): BoundaryState {
    return { error };
  }

  override componentDidUpdate(prev: { resetKey: unknown }) {
    // a new step or scenario gets a fresh chance
    if (prev.resetKey !== this.props.resetKey && this.state.error) this.setState({ error: null });
  }

  override render() {
    if (this.state.error)
      return (
        <p className="panel-error" role="alert">
          The {this.props.title} panel could not show this step: {this.state.error.message}
        </p>
      );
    return this.props.children;
  }
}

export function PanelFrame({
  title,
  heading,
  className,
  resetKey,
  actions,
  children,
}: {
  /** The accessible name of the region, e.g. "CPU". */
  title: string;
  heading?: ReactNode;
  className?: string;
  resetKey?: unknown;
  actions?: ReactNode;
  children: ReactNode;
}) {
  // unique per instance: the compare view shows every panel twice
  const id = `panel-${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}${useId().replace(/:/g, '')}`;
  return (
    <section className={`panel ${className ?? ''}`} aria-labelledby={id} data-panel={title}>
      <header className="panel-head">
        <h2 id={id}>{heading ?? title}</h2>
        {actions}
      </header>
      {/* focusable so that a panel that scrolls can be scrolled from the keyboard */}
      <div className="panel-body" tabIndex={0} aria-labelledby={id}>
        <PanelBoundary title={title} resetKey={resetKey}>
          {children}
        </PanelBoundary>
      </div>
    </section>
  );
}
