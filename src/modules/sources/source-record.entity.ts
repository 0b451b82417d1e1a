import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { OrganisationEntity } from '../organisations/organisation.entity.js';
import { YoungPersonEntity } from '../people/young-person.entity.js';
import type { DataCategory } from '../../policy/data-category.js';

/** Non-identity data of a source record, grouped by data category. */
export type CategorisedPayload = Partial<Record<DataCategory, Record<string, unknown>>>;

/** One partner's record about a young person, with its identity fields and categorised payload. */
@Entity('source_record')
export class SourceRecordEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  providerOrganisationId!: string;

  @ManyToOne(() => OrganisationEntity, { nullable: false })
  @JoinColumn({ name: 'provider_organisation_id' })
  provider!: Relation<OrganisationEntity>;

  /** The partner's own reference for the record, unique within that partner. */
  @Column({ type: 'text' })
  partnerReference!: string;

  /** Null until the record is linked to a person. */
  @Column({ type: 'uuid', nullable: true })
  personId!: string | null;

  @ManyToOne(() => YoungPersonEntity, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'person_id' })
  person!: Relation<YoungPersonEntity> | null;

  @Column({ type: 'text', nullable: true })
  givenName!: string | null;

  @Column({ type: 'text', nullable: true })
  middleNames!: string | null;

  @Column({ type: 'text', nullable: true })
  familyName!: string | null;

  /** ISO date (YYYY-MM-DD) as the partner sent it. */
  @Column({ type: 'date', nullable: true })
  dateOfBirth!: string | null;

  /** The date of birth as written when it is not a full real date: a year (YYYY), a month (YYYY-MM), or text that is no date. */
  @Column({ type: 'text', nullable: true })
  dateOfBirthText!: string | null;

  /** Identity fields kept as sent but not used as matching evidence (an implausible date, a name with digits). */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  flaggedFields!: string[];

  @Column({ type: 'text', nullable: true })
  sex!: string | null;

  @Column({ type: 'text', nullable: true })
  postcode!: string | null;

  @Column({ type: 'text', nullable: true })
  addressLine!: string | null;

  @Column({ type: 'text', nullable: true })
  locality!: string | null;

  @Column({ type: 'text', nullable: true })
  upn!: string | null;

  @Column({ type: 'text', nullable: true })
  uln!: string | null;

  @Column({ type: 'text', nullable: true })
  otherIdentifier!: string | null;

  @Column({ type: 'text', nullable: true })
  email!: string | null;

  @Column({ type: 'text', nullable: true })
  phone!: string | null;

  @Column({ type: 'jsonb', default: () => "'{}'::jsonb" })
  payload!: CategorisedPayload;

  @Column({ type: 'integer', default: 1 })
  version!: number;

  @Column({ type: 'timestamptz' })
  receivedAt!: Date;
}
