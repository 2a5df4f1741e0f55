/** Something cleaning changed or cut, named by field (`billing.address_1`, `AR_CUST.NAM`…), kept with the customer. */
export interface CleanWarning {
  field: string;
  message: string;
}

/** Collects warnings for one record. */
export class WarningLog {
  readonly items: CleanWarning[] = [];
  add(field: string, message: string): void {
    this.items.push({ field, message });
  }
}
