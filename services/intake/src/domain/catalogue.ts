/** Procedures and centres as the intake rules see them (loaded from data files by data-access). */
import type { ReturnChannel } from '@motcua/contracts';

export type DeadlineRule = { kind: 'sameDay'; cutoff: string } | { kind: 'workingDays'; days: number };

export interface Procedure {
  code: string;
  /** False when the code could not be confirmed against an official source. */
  verified: boolean;
  name: string;
  sector: string;
  deadline: DeadlineRule;
  requiredDocuments: { code: string; name: string }[];
  feeVnd: number;
  returnChannels: ReturnChannel['type'][];
  requiresSignature: boolean;
  supplementClock: 'restart' | 'resume';
}

export interface ReceptionPoint {
  id: string;
  name: string;
  kind: 'main' | 'satellite';
}

export interface Centre {
  id: string;
  code: string;
  name: string;
  receptionPoints: ReceptionPoint[];
  transferRounds: string[];
}

export interface Catalogue {
  procedures: Procedure[];
  centres: Centre[];
  /** True when the centres file is sample data, not the official list. */
  sampleCentres: boolean;
}
