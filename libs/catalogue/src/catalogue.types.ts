/**
 * The reference data every service reads: procedures, centres with their reception
 * points and transfer rounds, and the officers who work there. Loaded once at start
 * from data files (see catalogue.loader.ts); a bad entry stops start-up.
 */
import type { ReturnChannel, Role } from '@motcua/contracts';
import type { DeadlineRule } from '@motcua/working-time';

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
  /** Where the entry comes from and what about it is unconfirmed. */
  note?: string;
}

export interface ReceptionPoint {
  id: string;
  name: string;
  kind: 'main' | 'satellite';
  address?: string;
}

export interface Centre {
  id: string;
  /** Short code used in dossier codes, e.g. `PDN`. */
  code: string;
  /** National administrative unit code of the ward or commune (mã đơn vị hành chính), e.g. `19819`. */
  adminUnitCode?: string;
  name: string;
  kind: 'ward' | 'commune';
  /** Dossier code template, e.g. `{centreCode}-{yymmdd}-{seq:4}`; the catalogue default applies when absent. */
  dossierCodeTemplate?: string;
  receptionPoints: ReceptionPoint[];
  /** Local times (HH:mm, Asia/Ho_Chi_Minh) the courier leaves each satellite point for the main centre. */
  transferRounds: string[];
  /** Where the entry comes from and what about it is unconfirmed. */
  note?: string;
}

export interface Officer {
  id: string;
  name: string;
  centreId: string;
  role: Extract<Role, 'reception' | 'specialist' | 'leader' | 'courier' | 'ops'>;
  /** Sectors (procedure.sector) a specialist can handle; empty means all. */
  sectors: string[];
}

export interface Catalogue {
  procedures: Procedure[];
  centres: Centre[];
  officers: Officer[];
  /** True when the centres file is sample data, not the official list. */
  sampleCentres: boolean;
  defaultDossierCodeTemplate: string;
}
