/** Props of {@link CheckboxGroup}. */
export interface CheckboxGroupProps {
  /** Unique prefix for the ids inside the group. */
  name: string;
  legend: string;
  hint?: string;
  options: readonly { id: string; label: string }[];
  selected: readonly string[];
  onChange: (selected: string[]) => void;
  error?: string;
}

/** A labelled group of checkboxes (a fieldset with a legend), with an optional hint and error. */
export function CheckboxGroup({ name, legend, hint, options, selected, onChange, error }: CheckboxGroupProps) {
  const describedBy = [hint ? `${name}-hint` : '', error ? `${name}-error` : ''].filter(Boolean).join(' ') || undefined;
  const toggle = (id: string, on: boolean) => {
    const next = on ? [...selected, id] : selected.filter((s) => s !== id);
    onChange(options.map((o) => o.id).filter((o) => next.includes(o)));
  };
  return (
    <fieldset aria-describedby={describedBy} aria-invalid={error ? 'true' : undefined}>
      <legend>{legend}</legend>
      {hint && (
        <p class="hint" id={`${name}-hint`}>
          {hint}
        </p>
      )}
      <div class="choices">
        {options.map((o) => (
          <label class="choice" key={o.id}>
            <input
              type="checkbox"
              name={name}
              value={o.id}
              checked={selected.includes(o.id)}
              onChange={(e) => toggle(o.id, e.currentTarget.checked)}
            />
            <span>{o.label}</span>
          </label>
        ))}
      </div>
      {error && (
        <p class="error" id={`${name}-error`}>
          {error}
        </p>
      )}
    </fieldset>
  );
}
