import { EntitySchema } from '@mikro-orm/core';
import { checkRange } from '../validate.js';
import { Session } from './session.js';

/** A file on disk that belongs to a session: audio, a transcript, … */
export class FileInfo {
  id!: number;
  session!: Session;
  filePath!: string;
  /** A short kind such as `audio`, `transcript` or `vtt`. */
  fileType!: string;
  /** Bytes. */
  fileSize = 0;
  /** Hex SHA-256 of the content. */
  checksum?: string | null;
  createdAt: Date = new Date();

  constructor(session: Session, filePath: string, fileType: string) {
    this.session = session;
    this.filePath = filePath;
    this.fileType = fileType;
  }

  /** Rejects impossible values before they reach the database. */
  validate(): void {
    checkRange('fileSize', this.fileSize, 0);
  }

  toJSON(): Record<string, unknown> {
    return {
      id: this.id,
      sessionId: this.session?.id ?? null,
      filePath: this.filePath,
      fileType: this.fileType,
      fileSize: this.fileSize,
      checksum: this.checksum ?? null,
      createdAt: this.createdAt.toISOString(),
    };
  }
}

export const FileInfoSchema = new EntitySchema<FileInfo>({
  class: FileInfo,
  tableName: 'file_infos',
  properties: {
    id: { type: 'integer', primary: true, autoincrement: true },
    session: {
      kind: 'm:1',
      entity: () => Session,
      deleteRule: 'cascade',
      index: true,
    },
    filePath: { type: 'string' },
    fileType: { type: 'string' },
    fileSize: { type: 'integer', default: 0 },
    checksum: { type: 'string', nullable: true, index: true },
    createdAt: { type: 'datetime', onCreate: () => new Date(), index: true },
  },
  checks: [
    { name: 'file_infos_file_size_range', expression: 'file_size >= 0' },
  ],
  hooks: { beforeCreate: ['validate'], beforeUpdate: ['validate'] },
});
