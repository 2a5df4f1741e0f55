import type { CounterpointColumnName, CounterpointTableName } from "../../counterpoint/column-widths.js";
import { describeCut, fit } from "../../counterpoint/fit.js";
import { foldToLatin1 } from "../customers/fold-latin1.js";

/** What mapping changed on the way to Counterpoint, one line per change, naming the web field. */
export class MappingWarnings {
  readonly items: string[] = [];

  add(field: string, message: string): void {
    this.items.push(`${field}: ${message}`);
  }

  /** Fits a value already in Latin-1 to its column, with a warning when it is cut. */
  fit<T extends CounterpointTableName>(
    table: T,
    column: CounterpointColumnName<T>,
    value: string,
    field: string,
  ): string {
    const fitted = fit(table, column, value);
    if (fitted.cut !== null) this.add(field, describeCut(fitted.cut));
    return fitted.value;
  }

  /** Folds web text to Latin-1 (as the customers flow does) and fits it, with a warning for each change. */
  text<T extends CounterpointTableName>(
    table: T,
    column: CounterpointColumnName<T>,
    raw: string,
    field: string,
  ): string {
    const folded = foldToLatin1(raw);
    if (folded.changed) this.add(field, `folded to Latin-1 as ${JSON.stringify(shorten(folded.value))}`);
    return this.fit(table, column, folded.value, field);
  }

  /** As `text`, with null for an empty result. */
  textOrNull<T extends CounterpointTableName>(
    table: T,
    column: CounterpointColumnName<T>,
    raw: string,
    field: string,
  ): string | null {
    const value = this.text(table, column, raw, field);
    return value === "" ? null : value;
  }
}

function shorten(text: string): string {
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}
