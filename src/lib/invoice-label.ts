/** An invoice's printed number: INV-00042, or CN-00043 for a credit note (pages, PDF and e-mail alike). */
export const invoiceLabel = (i: { number: number; kind: 'invoice' | 'credit_note' }) => `${i.kind === 'credit_note' ? 'CN' : 'INV'}-${String(i.number).padStart(5, '0')}`;
