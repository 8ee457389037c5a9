import './TabBar.css';

/** A row of tabs (role=tablist); each tab's test id is `${testIdPrefix}${id}`. */
export function TabBar<T extends string>({
  items,
  value,
  onChange,
  testIdPrefix,
  className,
  label,
}: {
  readonly items: readonly { readonly id: T; readonly label: string }[];
  readonly value: T;
  readonly onChange: (id: T) => void;
  readonly testIdPrefix: string;
  readonly className?: string;
  readonly label?: string;
}) {
  return (
    <nav className={className ? `tabs ${className}` : 'tabs'} role="tablist" aria-label={label}>
      {items.map((item) => (
        <button
          key={item.id}
          type="button"
          role="tab"
          aria-selected={value === item.id}
          className={`tab${value === item.id ? ' active' : ''}`}
          data-testid={`${testIdPrefix}${item.id}`}
          onClick={() => onChange(item.id)}
        >
          {item.label}
        </button>
      ))}
    </nav>
  );
}
