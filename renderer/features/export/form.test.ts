import { describe, expect, it } from 'vitest';
import { emptyDraft, targetOf } from './form';

describe('export form', () => {
  it('builds folder, s3:// and azure:// targets and says why it cannot', () => {
    expect(targetOf({ ...emptyDraft, model: 'churn', where: '/tmp/b' })).toEqual({ to: '/tmp/b' });
    expect(targetOf({ model: 'churn@2', kind: 's3', where: 'models', prefix: '/churn/v2/' })).toEqual({ to: 's3://models/churn/v2' });
    expect(targetOf({ model: 'churn', kind: 'azure', where: 'models', prefix: '' })).toEqual({ to: 'azure://models' });
    expect(targetOf({ ...emptyDraft, where: '/tmp/b' })).toHaveProperty('reason');
    expect(targetOf({ model: 'churn', kind: 's3', where: 'a/b', prefix: '' })).toHaveProperty('reason');
  });
});
