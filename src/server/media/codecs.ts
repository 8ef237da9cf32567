/**
 * Reads the RFC 6381 codec strings of the master playlist from an fMP4
 * init segment, so CODECS matches what is really in the segments.
 */

/** Returns e.g. `avc1.64001f,mp4a.40.2` for the tracks of `init`. */
export function codecsOfInit(init: Buffer): string {
  const codecs: string[] = [];
  const avcC = init.indexOf('avcC');
  if (avcC >= 0) {
    // avcC payload: configurationVersion, profile, profile compatibility, level.
    const bytes = init.subarray(avcC + 5, avcC + 8);
    codecs.push(`avc1.${[...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')}`);
  }
  if (init.indexOf('mp4a') >= 0) codecs.push(`mp4a.40.${aacObjectType(init)}`);
  return codecs.join(',');
}

/** Reads the audio object type from the esds box's AudioSpecificConfig; 2 is AAC-LC. */
function aacObjectType(init: Buffer): number {
  const esds = init.indexOf('esds');
  if (esds < 0) return 2;
  // Descriptor tag 5 is DecoderSpecificInfo; its first five bits are the object type.
  for (let i = esds + 8; i < Math.min(init.length - 6, esds + 64); i++) {
    if (init[i] !== 0x05) continue;
    let j = i + 1;
    while (j < i + 4 && (init[j]! & 0x80) !== 0) j++;
    const type = init[j + 1]! >> 3;
    if (type > 0 && type < 31) return type;
  }
  return 2;
}
