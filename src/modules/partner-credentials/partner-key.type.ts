import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, InputType, ObjectType } from 'type-graphql';

/** A partner system's registered public key (never anything private). */
@ObjectType('PartnerKey', { description: "A partner system's public key, with which it signs its client assertions" })
export class PartnerKeyType {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: 'The handle of the partner system (its OAuth client id)' })
  principalHandle!: string;

  @Field(() => String, { description: 'The key id the assertions name in their header' })
  kid!: string;

  @Field(() => String, { description: 'The signature algorithm the key is used with' })
  alg!: string;

  @Field(() => String, { description: 'RFC 7638 SHA-256 thumbprint of the key, to compare with the partner out of band' })
  thumbprint!: string;

  @Field(() => GraphQLJSONObject, { description: 'The public key as registered (JWK)' })
  publicJwk!: Record<string, unknown>;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date, { nullable: true, description: 'After this time the key is no longer accepted' })
  notAfter!: Date | null;

  @Field(() => Date, { nullable: true, description: 'When the key was revoked; tokens minted from it stop working then' })
  revokedAt!: Date | null;

  @Field(() => Boolean, { description: 'Whether assertions signed with it are accepted now' })
  active!: boolean;
}

/** Registers a partner system's public key. */
@InputType('RegisterPartnerKeyInput')
export class RegisterPartnerKeyInput {
  @Field(() => String, { description: 'The handle of the partner system (a SYSTEM principal)' })
  principalHandle!: string;

  @Field(() => GraphQLJSONObject, { description: 'The public key as a JWK with a kid (RSA 2048+, EC P-256 or Ed25519)' })
  jwk!: Record<string, unknown>;

  @Field(() => Date, { nullable: true, description: 'When the key stops being accepted (none: until revoked)' })
  notAfter?: Date | null;
}
