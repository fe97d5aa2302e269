import { EntitySchema } from '@mikro-orm/core';

/** A person who uses the recorder. */
export class User {
  id!: number;
  username!: string;
  email?: string | null;
  preferences?: unknown;
  createdAt: Date = new Date();
  lastLogin?: Date | null;

  constructor(username: string, email?: string | null) {
    this.username = username;
    this.email = email ?? null;
  }

  toJSON(): Record<string, unknown> {
    return {
      id: this.id,
      username: this.username,
      email: this.email ?? null,
      preferences: this.preferences ?? null,
      createdAt: this.createdAt.toISOString(),
      lastLogin: this.lastLogin?.toISOString() ?? null,
    };
  }
}

export const UserSchema = new EntitySchema<User>({
  class: User,
  tableName: 'users',
  properties: {
    id: { type: 'integer', primary: true, autoincrement: true },
    username: { type: 'string', unique: true },
    email: { type: 'string', nullable: true },
    preferences: { type: 'json', nullable: true },
    createdAt: { type: 'datetime', onCreate: () => new Date() },
    lastLogin: { type: 'datetime', nullable: true },
  },
});
