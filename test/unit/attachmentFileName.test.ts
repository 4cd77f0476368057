import { describe, expect, it } from 'vitest';
import { attachmentFileName } from '../../admin/src/common/attachment';

/** The personal-data export's file name, read from the server's Content-Disposition. */
describe('attachmentFileName', () => {
  it('reads the quoted and the bare forms', () => {
    expect(attachmentFileName('attachment; filename="donnees-personnelles-CL010004.xlsx"')).toBe('donnees-personnelles-CL010004.xlsx');
    expect(attachmentFileName('attachment; filename=donnees.json')).toBe('donnees.json');
  });

  it('prefers the RFC 5987 form, decoded', () => {
    expect(attachmentFileName(`attachment; filename="donnees-personnelles-E.xlsx"; filename*=UTF-8''donn%C3%A9es-personnelles-%C3%89.xlsx`)).toBe('données-personnelles-É.xlsx');
  });

  it('falls back to the plain form when the encoded one is malformed, and to nothing without a header', () => {
    expect(attachmentFileName(`attachment; filename="a.xlsx"; filename*=UTF-8''%E0%A4%A.xlsx`)).toBe('a.xlsx');
    expect(attachmentFileName(null)).toBeUndefined();
    expect(attachmentFileName('attachment')).toBeUndefined();
  });
});
