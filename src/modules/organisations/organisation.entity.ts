import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { OrganisationKind } from './organisation-kind.js';

/** A body that takes part in the YEPF: an LA, school, college, Careers Wales, a voluntary body … */
@Entity('organisation')
export class OrganisationEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text', unique: true })
  code!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text', nullable: true })
  nameCy!: string | null;

  @Column({ type: 'text' })
  kind!: OrganisationKind;

  /** The LA area the organisation serves; null for national bodies (Careers Wales, Welsh Government). */
  @Column({ type: 'text', nullable: true })
  laCode!: string | null;

  @Column({ type: 'boolean', default: false })
  ispSignatory!: boolean;

  /** The organisation holds each young person at most once (a register): two of its records are never linked automatically. */
  @Column({ type: 'boolean', default: false })
  uniquePerPerson!: boolean;

  /** Youngest plausible age of the people in this partner's records (a date of birth outside the range is kept but not used to match). */
  @Column({ type: 'smallint', nullable: true })
  minAge!: number | null;

  /** Oldest plausible age of the people in this partner's records. */
  @Column({ type: 'smallint', nullable: true })
  maxAge!: number | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
