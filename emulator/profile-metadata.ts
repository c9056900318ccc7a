import { WEEKDAYS } from './fixture.js';
import { metadataFile } from './render.js';
import { ProfileRec, OrgState, profileFullName } from './state.js';
import { XmlObject } from './xml.js';

/** Profile, as the Metadata API retrieves it: one `profiles/<fullName>.profile` file per profile. */
export const PROFILE_TYPE = { xmlName: 'Profile', directoryName: 'profiles', suffix: 'profile' } as const;

export function profileByFullName(state: OrgState, fullName: string): ProfileRec | undefined {
  return state.data.profiles.find((profile) => (profile.fullName ?? profileFullName(profile.name)) === fullName);
}

/**
 * A profile retrieved without the objects, fields or classes its other settings belong to: what the Metadata API
 * returns whatever else the package holds (login hours, login IP ranges, license, the user permissions it grants).
 * Profile page of the Metadata API guide: "The content of a profile returned by Metadata API depends on the content
 * requested in the RetrieveRequest message"; loginHours (ProfileLoginHours, minutes after midnight per weekday) and
 * loginIpRanges are the profile's own.
 */
export function renderProfile(state: OrgState, profile: ProfileRec): string {
  const fields: XmlObject = {};
  if (profile.loginHours && Object.keys(profile.loginHours).length > 0) {
    const hours: XmlObject = {};
    for (const day of WEEKDAYS) {
      for (const edge of ['Start', 'End'] as const) {
        const value = profile.loginHours[`${day}${edge}`];
        if (value !== undefined) hours[`${day}${edge}`] = value;
      }
    }
    fields.loginHours = hours;
  }
  if (profile.loginIpRanges && profile.loginIpRanges.length > 0) {
    fields.loginIpRanges = profile.loginIpRanges.map((range) => ({
      ...(range.description ? { description: range.description } : {}),
      endAddress: range.endAddress,
      startAddress: range.startAddress,
    }));
  }
  fields.userLicense = profile.userLicense;
  const permissionSet = state.data.permissionSets.find((set) => set.id === profile.permissionSetId);
  fields.userPermissions = [...(permissionSet?.permissions ?? [])].sort().map((name) => ({ enabled: true, name }));
  return metadataFile(PROFILE_TYPE.xmlName, fields);
}
