import { isAppError } from '@motcua/errors';
import { loadCatalogue } from '@motcua/catalogue';
import { entries, shippedFiles, tempDir, writeFiles, type CatalogueFiles, type Entry, type FileName } from './catalogue-files.fixture';

let dir: string;
let remove: () => void;
beforeEach(() => ({ dir, remove } = tempDir()));
afterEach(() => remove());

/** Loads the shipped data after `change`; returns the error message, or fails when loading succeeds. */
function messageAfter(change: (files: CatalogueFiles) => void): { message: string; at: (name: FileName, index: number) => string } {
  const files = shippedFiles();
  change(files);
  const { path, lineOf } = writeFiles(dir, files);
  const at = (name: FileName, index: number) => `${path(name)}:${lineOf(name, index)}:`;
  try {
    loadCatalogue(dir);
  } catch (error) {
    if (isAppError(error) && error.code === 'CONFIG.INVALID') return { message: error.message, at };
    throw error;
  }
  throw new Error('expected loadCatalogue to fail');
}

const entry = (files: CatalogueFiles, name: FileName, index: number): Entry => {
  const found = entries(files, name)[index];
  if (!found) throw new Error(`no ${name}[${index}] in the shipped data`);
  return found;
};
const centre = (files: CatalogueFiles, index: number) => entry(files, 'centres', index);
const pointsOf = (files: CatalogueFiles, index: number) => centre(files, index)['receptionPoints'] as Entry[];

describe('checks across entries and files', () => {
  it('when two procedures share a code, then the second is reported with the first', () => {
    const { message, at } = messageAfter((files) => {
      entry(files, 'procedures', 1)['code'] = entry(files, 'procedures', 0)['code'];
    });
    expect(message).toContain(`${at('procedures', 1)} procedures[1].code 1.001193 is already used by procedures[0]`);
  });

  it('when a procedure lists a return channel that does not exist, then the channel is reported', () => {
    const { message, at } = messageAfter((files) => {
      entry(files, 'procedures', 2)['returnChannels'] = ['counter', 'pigeon'];
    });
    expect(message).toContain(`${at('procedures', 2)} procedures[2].returnChannels[1] pigeon is not a return channel`);
  });

  it('when two centres share an id or a code, then each duplicate is reported', () => {
    const { message, at } = messageAfter((files) => {
      centre(files, 1)['id'] = centre(files, 0)['id'];
      centre(files, 1)['code'] = centre(files, 0)['code'];
    });
    expect(message).toContain(`${at('centres', 1)} centres[1].id hue-phong-dien is already used by centres[0]`);
    expect(message).toContain(`${at('centres', 1)} centres[1].code PDN is already used by centres[0]`);
  });

  it('when two centres carry the same administrative unit code, then the second is reported', () => {
    const { message, at } = messageAfter((files) => {
      centre(files, 1)['adminUnitCode'] = centre(files, 0)['adminUnitCode'];
    });
    expect(message).toContain(`${at('centres', 1)} centres[1].adminUnitCode 19819 is already used by centres[0]`);
  });

  it('when a centre has no main reception point or two of them, then the centre is reported', () => {
    expect(
      messageAfter((files) => {
        pointsOf(files, 0).forEach((point) => (point['kind'] = 'satellite'));
      }).message,
    ).toContain('centres[0].receptionPoints has 0 main reception points, needs exactly one');
    expect(
      messageAfter((files) => {
        pointsOf(files, 0).forEach((point) => (point['kind'] = 'main'));
      }).message,
    ).toContain('centres[0].receptionPoints has 3 main reception points, needs exactly one');
  });

  it('when a reception point id is used by two centres, then the second use is reported', () => {
    const { message, at } = messageAfter((files) => {
      const point = pointsOf(files, 1)[0];
      if (point) point['id'] = 'pdn-phong-my';
    });
    expect(message).toContain(`${at('centres', 1)} centres[1].receptionPoints[0].id pdn-phong-my is already a reception point of centres[0] (hue-phong-dien)`);
  });

  it('when transfer rounds are not HH:mm or not ascending, then each bad round is reported', () => {
    const { message } = messageAfter((files) => {
      centre(files, 0)['transferRounds'] = ['08:30', '8:45', '13:30', '10:30'];
    });
    expect(message).toContain('centres[0].transferRounds[1] 8:45 is not a time of day HH:mm');
    expect(message).toContain('centres[0].transferRounds[3] 10:30 is not after the round before it');
  });

  it('when a centre with satellite points has no transfer round, then it is reported because their dossiers would never move', () => {
    const { message } = messageAfter((files) => {
      centre(files, 0)['transferRounds'] = [];
    });
    expect(message).toContain('centres[0].transferRounds is empty but the centre has satellite reception points');
  });

  it('when a dossier-code template cannot be parsed or lacks {seq:N}, then the template is reported', () => {
    const { message } = messageAfter((files) => {
      centre(files, 0)['dossierCodeTemplate'] = '{centreCode}-{yymmdd}';
      centre(files, 1)['dossierCodeTemplate'] = '{centreCode}-{yymmdd}-{seq:4';
    });
    expect(message).toContain('centres[0].dossierCodeTemplate template "{centreCode}-{yymmdd}" must contain exactly one {seq:N}, found 0');
    expect(message).toContain('centres[1].dossierCodeTemplate template "{centreCode}-{yymmdd}-{seq:4" has an unmatched brace');
  });

  it('when the default template is invalid, then it is reported on its own line', () => {
    const { message } = messageAfter((files) => {
      files.centres['defaultDossierCodeTemplate'] = '{centre}-{seq:4}';
    });
    expect(message).toMatch(/centres\.json:\d+: defaultDossierCodeTemplate template "\{centre\}-\{seq:4\}" has an unknown placeholder \{centre\}/);
  });

  it('when an officer belongs to a centre that does not exist, then the officer is reported', () => {
    const { message, at } = messageAfter((files) => {
      entry(files, 'officers', 3)['centreId'] = 'hue-atlantis';
    });
    expect(message).toContain(`${at('officers', 3)} officers[3].centreId hue-atlantis is not a centre in centres.json`);
  });

  it('when two officers share an id, then the second is reported', () => {
    const { message, at } = messageAfter((files) => {
      entry(files, 'officers', 2)['id'] = 'pdn-twin-1';
      entry(files, 'officers', 0)['id'] = 'pdn-twin-1';
    });
    expect(message).toContain(`${at('officers', 2)} officers[2].id pdn-twin-1 is already used by officers[0]`);
  });

  it('when a specialist lists a sector no procedure has, then the misspelt sector is reported', () => {
    const { message } = messageAfter((files) => {
      entry(files, 'officers', 1)['sectors'] = ['Hộ tich'];
    });
    expect(message).toContain('officers[1].sectors[0] Hộ tich is not the sector of any procedure');
  });
});
