// A plain list of rows (title, description, actions), keyboard-clickable; antd's List is deprecated in v6.
import type { HTMLAttributes, KeyboardEvent, ReactNode } from 'react';

export function ItemList({ children, header, testId, maxHeight }: { children: ReactNode; header?: ReactNode; testId?: string; maxHeight?: number }) {
  return (
    <div className="item-list" data-testid={testId}>
      {header ? <div className="item-list-header">{header}</div> : null}
      <ul style={maxHeight ? { maxHeight, overflowY: 'auto' } : undefined}>{children}</ul>
    </div>
  );
}

interface RowProps extends Omit<HTMLAttributes<HTMLLIElement>, 'title'> {
  title: ReactNode;
  description?: ReactNode;
  leading?: ReactNode;
  /** Right-hand side: a figure, a chevron, buttons. */
  extra?: ReactNode;
  selected?: boolean;
  highlight?: boolean;
  testId?: string;
}

export function ItemRow({ title, description, leading, extra, selected, highlight, onClick, testId, className, ...rest }: RowProps) {
  const onKeyDown = onClick
    ? (e: KeyboardEvent<HTMLLIElement>) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          (e.currentTarget as HTMLLIElement).click();
        }
      }
    : undefined;
  const classes = ['item-row', onClick ? 'item-row-click' : '', selected ? 'item-row-selected' : '', highlight ? 'item-row-highlight' : '', className ?? ''].filter(Boolean).join(' ');
  return (
    <li className={classes} onClick={onClick} onKeyDown={onKeyDown} tabIndex={onClick ? 0 : undefined} role={onClick ? 'button' : undefined} data-testid={testId} {...rest}>
      {leading ? <div className="item-row-leading">{leading}</div> : null}
      <div className="item-row-main">
        <div className="item-row-title">{title}</div>
        {description ? <div className="item-row-desc">{description}</div> : null}
      </div>
      {extra ? <div className="item-row-extra">{extra}</div> : null}
    </li>
  );
}
