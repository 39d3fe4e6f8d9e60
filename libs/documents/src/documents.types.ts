/**
 * The documents a centre issues, as data: what each one says, independent of how it
 * is printed. Forms follow Circular 03/2025/TT-VPCP (forms 01–04 and 06); the owning
 * service builds the data from its state and serves it as JSON or printable HTML.
 */

/** Enough to say who the citizen is on paper without repeating their id number in full. */
export interface DocumentApplicant {
  fullName: string;
  /** Only the last four digits are printed, e.g. `********1234` (longer text is cut to its last four). */
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
  /** Officer who issued it, when known; `role` is a contracts role (`reception`, `specialist`, …). */
  officer?: { name?: string; role: string };
}

/** A paper listed on a document: handed in, or asked for. */
export interface ListedPaper {
  name: string;
  copies?: number;
}

/** Form 01: Giấy tiếp nhận hồ sơ và hẹn trả kết quả. */
export interface ReceiptSlip extends DocumentHeader {
  kind: 'receipt';
  documents: ListedPaper[];
  receivedAt: string;
  appointmentAt: string;
  feeVnd: number;
  /** A return channel type (`counter`, `postal_point`, `postal_home`, `electronic`) or a ready-made description. */
  returnChannel: string;
  /** Where the citizen looks the dossier up; printed only when it is an http(s) URL. */
  lookupUrl?: string;
}

/** Form 02: Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ. */
export interface SupplementRequestLetter extends DocumentHeader {
  kind: 'supplement-request';
  reason: string;
  requestedDocuments: ListedPaper[];
}

/** Form 03: Phiếu từ chối tiếp nhận giải quyết hồ sơ (at intake) or the rejection of a received dossier. */
export interface RefusalLetter extends DocumentHeader {
  kind: 'refusal';
  stage: 'intake' | 'processing';
  reason: string;
}

/** Form 04: Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết. */
export interface ApologyLetter extends DocumentHeader {
  kind: 'apology';
  reason: string;
  previousAppointmentAt: string;
  newAppointmentAt: string;
  /** When the dossier was received; the letter opens with it when known. */
  receivedAt?: string;
}

/** One row of the tracking slip: a step the dossier went through. */
export interface TrackingSlipStep {
  /** What happened, in Vietnamese (e.g. `Tiếp nhận hồ sơ`). */
  step: string;
  /** The event the step comes from (`DossierReceived`), for machines reading the JSON. */
  event?: string;
  at: string;
  /** Who acted, as a contracts role (`reception`, …) or text. */
  role?: string;
  /** The dossier status after the step, as a status code (`IN_PROCESSING`) or text. */
  status?: string;
  note?: string;
}

/** Form 06: Phiếu kiểm soát quá trình giải quyết hồ sơ. */
export interface TrackingSlip extends DocumentHeader {
  kind: 'tracking-slip';
  /** Absent only while the dossier's receipt has not reached the read model yet. */
  receivedAt?: string;
  appointmentAt?: string;
  /** Current status code (`IN_PROCESSING`) or text. */
  status?: string;
  flags?: { overdue: boolean; extended: boolean };
  steps: TrackingSlipStep[];
}

export type PrintableDocument = ReceiptSlip | SupplementRequestLetter | RefusalLetter | ApologyLetter | TrackingSlip;
export type DocumentKind = PrintableDocument['kind'];
