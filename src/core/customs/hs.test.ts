import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SilklineError } from '../shared/index.ts';
import {
  checkHsCode,
  formatHsCode,
  type HsCheck,
  normalizeHsCode,
  parseHsNomenclature,
  parseUsHtsTable,
  repairMojibake,
  usHtsLinesUnder,
} from './hs.ts';

const reference = (name: string) =>
  readFileSync(new URL(`../../../data/reference/${name}`, import.meta.url), 'utf8');

// The shipped files, parsed once for the file.
const nom = parseHsNomenclature(reference('hs2022.csv'), reference('hs2022-sections.csv'));
const hts = parseUsHtsTable(reference('us-hts10-2026-02.csv'));

const refused = (check: HsCheck) => {
  if (check.ok) throw new Error(`expected a refusal, got ${JSON.stringify(check)}`);
  return check;
};
const accepted = (check: HsCheck) => {
  if (!check.ok) throw new Error(`expected a valid code, got ${check.reason}: ${check.message}`);
  return check;
};

describe('parseHsNomenclature on the shipped HS 2022 file', () => {
  it('holds the 96 chapters, 1,228 headings and 5,612 subheadings and no pseudo-code', () => {
    const byLevel = { 2: 0, 4: 0, 6: 0 };
    for (const e of nom.entries.values()) byLevel[e.level]++;
    expect(byLevel).toEqual({ 2: 96, 4: 1228, 6: 5612 });
    for (const pseudo of ['99', '9999', '999999', 'TOTAL'])
      expect(nom.entries.has(pseudo)).toBe(false);
  });

  it('links each entry to its parent (a chapter has none) and names the 21 sections', () => {
    expect(nom.entries.get('01')).toMatchObject({ level: 2, parent: null, section: 'I' });
    expect(nom.entries.get('610910')).toEqual({
      code: '610910',
      description: 'T-shirts, singlets and other vests; of cotton, knitted or crocheted',
      level: 6,
      parent: '6109',
      section: 'XI',
    });
    expect(nom.sections.size).toBe(21);
    // the source's trailing space and byte-order mark are gone
    expect(nom.sections.get('I')).toBe('live animals; animal products');
    expect(nom.sections.get('VII')).toBe(
      'Plastics and articles thereof; rubber and articles thereof',
    );
    expect(nom.children.get('6109')).toEqual(['610910', '610990']);
  });
});

describe('parseHsNomenclature on broken input', () => {
  const header = 'section,hscode,description,parent,level\n';
  it('names the file, line and reason', () => {
    expect(() =>
      parseHsNomenclature(header + 'I,01,Animals; live,TOTAL,2\nI,0101,Horses,02,4\n'),
    ).toThrow(/hs2022\.csv:3: parent "02" of 0101 should be 01/);
    expect(() => parseHsNomenclature(header + 'I,011,Animals,TOTAL,2\n')).toThrow(
      /hs2022\.csv:2: code "011" is not 2 digits/,
    );
    expect(() => parseHsNomenclature('section,code\nI,01\n')).toThrow(/missing column\(s\) hscode/);
    expect(() => parseHsNomenclature(header + 'I,01,Animals,TOTAL,3\n')).toThrow(SilklineError);
  });

  it('drops the pseudo-code rows rather than failing on them', () => {
    const n = parseHsNomenclature(
      header +
        'I,01,Animals; live,TOTAL,2\nI,0101,Horses,01,4\nI,010121,Horses; pure-bred,0101,6\n' +
        'TOTAL,99,Commodities not specified according to kind,TOTAL,2\n' +
        'TOTAL,9999,Commodities not specified according to kind,99,4\n' +
        'TOTAL,TOTAL,Total of all HS2022 commodities,TOTAL,5\n',
    );
    expect([...n.entries.keys()]).toEqual(['01', '0101', '010121']);
  });
});

describe('parseUsHtsTable', () => {
  it('reads the 19,768 lines of the 2026-02 table, byte-order mark and all', () => {
    expect(hts.lines.size).toBe(19768);
    expect(hts.lines.get('0101300000')).toEqual({
      hts10: '0101300000',
      description: 'Asses',
      rateText: '6.8%',
      ch99Refs: ['9903.88.15'],
    });
  });

  it('repairs the mis-encoded cent sign and other mojibake', () => {
    expect(hts.lines.get('0102900000')?.rateText).toBe('1¢/kg');
    expect(hts.lines.get('4804311000')?.description).toBe(
      'Weighing over 15 g/m² but not over 30 g/m²',
    );
    const left = [...hts.lines.values()].filter((l) => /Â/.test(`${l.rateText} ${l.description}`));
    expect(left.map((l) => l.hts10)).toEqual([]);
  });

  it('splits several chapter 99 references', () => {
    expect(hts.lines.get('1901102900')?.ch99Refs).toEqual(['9903.19.20', '9903.88.15']);
  });

  it('climbs to a line of the same 8 digits for a blank rate, and stays null when none has one', () => {
    const t = parseUsHtsTable(
      'hts10,base_rate,base_rate_raw,ch99_refs,n_ch99_refs,description\n' +
        '1234560010,,"","","0",Men\'s\n' +
        '1234560020,0.05,"5%","","0",Women\'s\n' +
        '1234570010,,"","","0",Other\n',
    );
    expect(t.lines.get('1234560010')?.rateText).toBe('5%');
    expect(t.lines.get('1234570010')?.rateText).toBeNull();
    // In the shipped table every 8-digit group is all blank or all rated: blank stays null.
    expect(hts.lines.get('6109100012')?.rateText).toBeNull();
  });

  it('refuses a malformed line, naming it', () => {
    expect(() =>
      parseUsHtsTable(
        'hts10,base_rate,base_rate_raw,ch99_refs,n_ch99_refs,description\n61091,,"","","0",x\n',
      ),
    ).toThrow(/us-hts10\.csv:2: "61091" is not 10 digits/);
  });

  it('lists the lines under an 8-digit subheading', () => {
    expect(usHtsLinesUnder(hts, '61091000')).toHaveLength(14);
    expect(usHtsLinesUnder(hts, '61091099')).toEqual([]);
  });
});

describe('repairMojibake', () => {
  it('undoes UTF-8 read as Windows-1252 and leaves genuine text alone', () => {
    expect(repairMojibake('1Â¢/kg')).toBe('1¢/kg');
    expect(repairMojibake('(1Î±-3Î±)')).toBe('(1α-3α)');
    expect(repairMojibake('Î”Â²')).toBe('Δ²');
    expect(repairMojibake('café')).toBe('café');
    expect(repairMojibake('plain')).toBe('plain');
  });
});

describe('normalizeHsCode and formatHsCode', () => {
  it('strip dots and spaces, and write them back for people', () => {
    expect(normalizeHsCode(' 6109.10.00.12 ')).toBe('6109100012');
    expect(normalizeHsCode('6109 10 00')).toBe('61091000');
    expect(formatHsCode('6109100012')).toBe('6109.10.00.12');
    expect(formatHsCode('610910')).toBe('6109.10');
    expect(formatHsCode('61')).toBe('61');
  });
});

describe('checkHsCode: the HS subheading', () => {
  it('accepts a 6-digit subheading with its path chapter → heading → subheading', () => {
    const c = accepted(checkHsCode(nom, '6109.10'));
    expect(c.code).toBe('610910');
    expect(c.subheading).toBe('610910');
    expect(c.path.map((e) => e.code)).toEqual(['61', '6109', '610910']);
    expect(c.national).toBeNull();
    expect(c.notes).toEqual([]);
  });

  it('refuses a chapter or a heading: a declaration needs a 6-digit subheading', () => {
    const heading = refused(checkHsCode(nom, '6109'));
    expect(heading.reason).toBe('format');
    expect(heading.message).toMatch(
      /"6109" is an HS heading .* a 6-digit subheading is needed: one of 610910, 610990/,
    );
    const chapter = refused(checkHsCode(nom, '61'));
    expect(chapter.reason).toBe('format');
    expect(chapter.message).toMatch(/"61" is an HS chapter \(Apparel/);
  });

  it('refuses the Comtrade pseudo-codes', () => {
    for (const code of ['99', '9999', '999999', 'TOTAL', 'total', '99.99.99', '9999990000']) {
      const c = refused(checkHsCode(nom, code));
      expect(c.reason, code).toBe('pseudo-code');
      expect(c.message).toContain(code);
    }
  });

  it('refuses letters, empty codes and odd lengths, hinting at a lost leading zero', () => {
    expect(refused(checkHsCode(nom, '61O910')).reason).toBe('format');
    expect(refused(checkHsCode(nom, '  ')).message).toMatch(/no HS code given/);
    const lostZero = refused(checkHsCode(nom, '10121'));
    expect(lostZero.reason).toBe('format');
    expect(lostZero.message).toMatch(/did you mean 010121\?/);
    expect(refused(checkHsCode(nom, '6109100')).message).toMatch(/has 7 digits/);
    expect(refused(checkHsCode(nom, '610910001234')).reason).toBe('format');
  });

  it('refuses an unknown subheading, naming the subheadings its heading has', () => {
    const c = refused(checkHsCode(nom, '610930'));
    expect(c.reason).toBe('unknown-subheading');
    expect(c.message).toMatch(
      /610930 is not an HS 2022 subheading; heading 6109 .* has 610910, 610990/,
    );
    expect(refused(checkHsCode(nom, '770100')).message).toMatch(/chapter 77 is reserved/);
    expect(refused(checkHsCode(nom, '9801001000', { country: 'US', usHts: hts })).message).toMatch(
      /chapter 98 is reserved/,
    );
    // a heading code padded with zeros is not a subheading when the heading is split
    expect(refused(checkHsCode(nom, '610900')).reason).toBe('unknown-subheading');
  });

  it('accepts a heading with one subheading written as its 6 digits', () => {
    expect(accepted(checkHsCode(nom, '691200')).path[2]!.description).toMatch(/^Ceramic tableware/);
  });
});

describe('checkHsCode: national extensions', () => {
  it('verifies a 10-digit US HTS line, with or without dots', () => {
    const c = accepted(checkHsCode(nom, '6109.10.00.12', { country: 'US', usHts: hts }));
    expect(c.code).toBe('6109100012');
    expect(c.national).toEqual({
      system: 'US-HTS',
      code: '6109100012',
      description: "Men's (338)",
      verified: true,
    });
  });

  it('refuses a 10-digit US code that is not a line of the table, naming the lines under its 8 digits', () => {
    const c = refused(checkHsCode(nom, '6109100099', { country: 'US', usHts: hts }));
    expect(c.reason).toBe('unknown-national-line');
    expect(c.message).toMatch(
      /"6109100099" is not a line of the US HTS table; the lines under 6109\.10\.00 are 6109100004/,
    );
  });

  it('accepts an 8-digit US subheading that has lines (asking for the 10 digits) and refuses one without', () => {
    const c = accepted(checkHsCode(nom, '61091000', { country: 'us', usHts: hts }));
    expect(c.national).toMatchObject({ system: 'US-HTS', code: '61091000', verified: true });
    expect(c.notes[0]).toMatch(/needs the 10-digit statistical number: 6109100004/);
    const none = refused(checkHsCode(nom, '61091099', { country: 'US', usHts: hts }));
    expect(none.reason).toBe('unknown-national-line');
    expect(none.message).toMatch(/no line of the US HTS table starts with 6109\.10\.99/);
  });

  it('says so when a US line cannot be verified for want of the table', () => {
    const c = accepted(checkHsCode(nom, '6109100012', { country: 'US' }));
    expect(c.national).toMatchObject({ system: 'US-HTS', verified: false });
    expect(c.notes[0]).toMatch(/no HTS table was given/);
  });

  it('checks only the HS prefix of an EU CN code, and says the CN digits were not checked', () => {
    const c = accepted(checkHsCode(nom, '6109 10 00', { country: 'DE' }));
    expect(c.national).toEqual({
      system: 'EU-CN',
      code: '61091000',
      description: null,
      verified: false,
    });
    expect(c.notes.join(' ')).toMatch(
      /Combined Nomenclature is not held: the CN code 6109\.10\.00 could not be checked/,
    );
    const taric = accepted(checkHsCode(nom, '6109100010', { country: 'FR' }));
    expect(taric.national).toMatchObject({ system: 'EU-CN', verified: false });
    expect(taric.notes.join(' ')).toMatch(/TARIC/);
  });

  it('reads 10 digits as a UK commodity code for GB and a Chinese code for CN, unverified', () => {
    expect(accepted(checkHsCode(nom, '6109100010', { country: 'GB' })).national).toMatchObject({
      system: 'UK',
      verified: false,
    });
    expect(accepted(checkHsCode(nom, '6109100010', { country: 'CN' })).national).toMatchObject({
      system: 'CN',
      verified: false,
    });
    expect(accepted(checkHsCode(nom, '61091000', { country: 'GB' })).notes.join(' ')).toMatch(
      /UK import declaration needs the 10-digit commodity code/,
    );
  });

  it('still refuses a national code whose HS subheading is unknown', () => {
    const c = refused(checkHsCode(nom, '6109300010', { country: 'GB' }));
    expect(c.reason).toBe('unknown-subheading');
    expect(c.message).toMatch(/"6109300010": 610930 is not an HS 2022 subheading/);
  });

  it('checks the HS prefix where no national tariff is modelled or no country is given', () => {
    const jp = accepted(checkHsCode(nom, '61091000', { country: 'JP' }));
    expect(jp.national).toBeNull();
    expect(jp.notes[0]).toMatch(/no national tariff is held for JP/);
    const none = accepted(checkHsCode(nom, '6109100010'));
    expect(none.national).toBeNull();
    expect(none.notes[0]).toMatch(/no country was given/);
  });

  it('tells what a destination needs beyond the 6 digits', () => {
    expect(accepted(checkHsCode(nom, '610910', { country: 'US', usHts: hts })).notes[0]).toMatch(
      /a US entry needs the 10-digit HTS statistical number: 6109100004/,
    );
    expect(accepted(checkHsCode(nom, '610910', { country: 'IT' })).notes[0]).toMatch(
      /8-digit CN code/,
    );
  });

  it('throws on a country that is not ISO 3166 (the edges validate it first)', () => {
    expect(() => checkHsCode(nom, '610910', { country: 'XX' })).toThrow(SilklineError);
  });
});
