import { EntitySchema } from '@mikro-orm/core';

/** A named setting stored in the database. */
export class Configuration {
  id!: number;
  key!: string;
  value?: string | null;
  category?: string | null;
  description?: string | null;
  updatedAt: Date = new Date();

  constructor(key: string, value?: string | null) {
    this.key = key;
    this.value = value ?? null;
  }

  toJSON(): Record<string, unknown> {
    return {
      id: this.id,
      key: this.key,
      value: this.value ?? null,
      category: this.category ?? null,
      description: this.description ?? null,
      updatedAt: this.updatedAt.toISOString(),
    };
  }
}

export const ConfigurationSchema = new EntitySchema<Configuration>({
  class: Configuration,
  tableName: 'configurations',
  properties: {
    id: { type: 'integer', primary: true, autoincrement: true },
    key: { type: 'string', unique: true },
    value: { type: 'text', nullable: true },
    category: { type: 'string', nullable: true, index: true },
    description: { type: 'string', nullable: true },
    updatedAt: {
      type: 'datetime',
      onCreate: () => new Date(),
      onUpdate: () => new Date(),
    },
  },
});
