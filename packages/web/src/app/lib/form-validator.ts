// The form's validator without eval: the contract's precompiled one when the build has it for this exact
// form schema, else none in the page (the API validates on submit and its 400 is shown at the field).

import precompiled from 'virtual:form-validators';
import type { RJSFSchema, ValidatorType } from '@rjsf/utils';
import { deepEquals } from '@rjsf/utils';
import { createPrecompiledValidator } from '@rjsf/validator-ajv8';

/**
 * Checks nothing: every form passes, every option of a oneOf/anyOf matches. Used only when the page has no
 * compiled validator for the definition (the form is then submitted as is and the API answers).
 */
export const serverSideValidator: ValidatorType = {
  validateFormData: () => ({ errors: [], errorSchema: {} }),
  isValid: () => true,
  rawValidation: () => ({ errors: [], validationError: undefined }),
};

export interface FormValidator {
  validator: ValidatorType;
  /** The schema to give the form: the precompiled validator checks that it is the one it was made for. */
  schema: RJSFSchema;
  /** True when the page checks the form itself; false when only the API does. */
  inPage: boolean;
}

export function formValidatorFor(id: string, formSchema: RJSFSchema): FormValidator {
  const p = precompiled.find((v) => v.id === id);
  // Compared as JSON: the build's copy went through JSON, so keys whose value is undefined are gone.
  if (!p || !deepEquals(p.schema, JSON.parse(JSON.stringify(formSchema))))
    return { validator: serverSideValidator, schema: formSchema, inPage: false };
  const schema = p.schema as RJSFSchema;
  return { validator: createPrecompiledValidator(p.fns as never, schema), schema, inPage: true };
}
