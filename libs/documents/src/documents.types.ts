/**
 * The documents a centre issues, as data: what each one says, independent of how it
 * is printed. Forms follow Circular 03/2025/TT-VPCP (forms 01–04 and 06); the owning
 * service builds the data from its state and serves it as JSON or printable HTML.
 */

/** Enough to say who the citizen is on paper without repeating their id number in full. */
export interface DocumentApplicant {
  fullName: string;
  /** Only the last four digits are printed, e.g. `********1234`. */
  idNumberLast4?: string;
  phone?: string;
  address?: string;
}

export interface DocumentHeader {
  centreName: string;
  /** Where the paper is handed over (a satellite point prints its own name). */
  receptionPointName?: string;
  dossierCode?: string;
  procedure: { code: string; name: string };
  applicant: DocumentApplicant;
  /** When the document was issued (ISO instant; printed in Vietnam time). */
  issuedAt: string;
  /** Officer who issued it, when known. */
  officer?: { name?: string; role: string };
}

/** Form 01: Giấy tiếp nhận hồ sơ và hẹn trả kết quả. */
export interface ReceiptSlip extends DocumentHeader {
  kind: 'receipt';
  documents: { name: string; copies?: number }[];
  receivedAt: string;
  appointmentAt: string;
  feeVnd: number;
  returnChannel: string;
  lookupUrl?: string;
}

/** Form 02: Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ. */
export interface SupplementRequestLetter extends DocumentHeader {
  kind: 'supplement-request';
  reason: string;
  requestedDocuments: { name: string; copies?: number }[];
}

/** Form 03: Phiếu từ chối tiếp nhận giải quyết hồ sơ (at intake) or the rejection of a received dossier. */
export interface RefusalLetter extends DocumentHeader {
  kind: 'refusal';
  stage: 'intake' | 'processing';
  reason: string;
}

/** Form 04: Văn bản xin lỗi và hẹn lại ngày trả kết quả. */
export interface ApologyLetter extends DocumentHeader {
  kind: 'apology';
  reason: string;
  previousAppointmentAt: string;
  newAppointmentAt: string;
}

/** Form 06: Phiếu kiểm soát quá trình giải quyết hồ sơ. */
export interface TrackingSlip extends DocumentHeader {
  kind: 'tracking-slip';
  receivedAt: string;
  appointmentAt: string;
  steps: { step: string; at: string; role?: string; status?: string; note?: string }[];
}

export type PrintableDocument = ReceiptSlip | SupplementRequestLetter | RefusalLetter | ApologyLetter | TrackingSlip;
export type DocumentKind = PrintableDocument['kind'];
