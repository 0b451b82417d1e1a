import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One of the 22 Welsh local authorities (reference data). */
@Entity('local_authority')
export class LocalAuthorityEntity {
  @PrimaryColumn({ type: 'text' })
  code!: string;

  @Column({ type: 'text' })
  onsCode!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  nameCy!: string;

  @Column({ type: 'integer' })
  dfeNumber!: number;
}
