/** The labels of the profile form's fields, as a person reads them. */
export type ProfileFieldLabel = 'Tag' | 'Name' | 'Email' | 'Mobile';
