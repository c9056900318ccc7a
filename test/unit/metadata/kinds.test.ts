import { expect } from 'chai';
import { joinList, splitList } from '../../../src/metadata/components.js';
import { COMPONENT_KINDS, kindOfFile, metadataFileName, sourceFileName } from '../../../src/metadata/kinds.js';
import { conventionalNames } from '../../../src/generate/build.js';

describe('metadata kinds', () => {
  const names = conventionalNames('Dropzone');

  it('names the satellites the way Setup does', () => {
    expect(names).to.deep.equal({
      ExternalClientApplication: 'Dropzone',
      ExtlClntAppOauthSettings: 'Dropzone_oauth',
      ExtlClntAppGlobalOauthSettings: 'Dropzone_glbloauth',
      ExtlClntAppOauthConfigurablePolicies: 'Dropzone_oauth_defaultPolicy',
      ExtlClntAppConfigurablePolicies: 'Dropzone_plcy',
    });
  });

  it('builds the source and metadata paths source-deploy-retrieve uses', () => {
    expect(sourceFileName('ExtlClntAppGlobalOauthSettings', 'Dropzone_glbloauth')).to.equal(
      'extlClntAppGlobalOauthSets/Dropzone_glbloauth.ecaGlblOauth-meta.xml'
    );
    expect(metadataFileName('ExternalClientApplication', 'Dropzone')).to.equal('externalClientApps/Dropzone.eca');
  });

  describe('kindOfFile', () => {
    for (const kind of COMPONENT_KINDS) {
      it(`recognizes ${kind} by its source and its metadata-format name`, () => {
        const fullName = names[kind];
        expect(kindOfFile(`/abs/force-app/main/default/${sourceFileName(kind, fullName)}`)).to.deep.equal({ kind, fullName });
        expect(kindOfFile(`unpackaged/${metadataFileName(kind, fullName)}`)).to.deep.equal({ kind, fullName });
      });
    }

    it('accepts Windows separators and names holding dots', () => {
      expect(kindOfFile('C:\\proj\\externalClientApps\\My.App.eca-meta.xml')).to.deep.equal({
        kind: 'ExternalClientApplication',
        fullName: 'My.App',
      });
    });

    it('does not mistake one suffix for another', () => {
      expect(kindOfFile('x/A_oauth.ecaOauth-meta.xml')?.kind).to.equal('ExtlClntAppOauthSettings');
      expect(kindOfFile('x/A_oauthPlcy.ecaOauthPlcy')?.kind).to.equal('ExtlClntAppOauthConfigurablePolicies');
      expect(kindOfFile('x/A_plcy.ecaPlcy-meta.xml')?.kind).to.equal('ExtlClntAppConfigurablePolicies');
    });

    it('ignores other files and nameless ones', () => {
      for (const file of ['package.xml', 'x/README.md', 'x/.eca-meta.xml', 'x/.eca', 'x/App.ecaOauth.bak', 'x/App.connectedApp-meta.xml']) {
        expect(kindOfFile(file), file).to.equal(undefined);
      }
    });
  });

  describe('comma-separated lists', () => {
    it('splits on ", " and "," alike, trimming and dropping empty items', () => {
      expect(splitList('Full, Api, RefreshToken')).to.deep.equal(['Full', 'Api', 'RefreshToken']);
      expect(splitList('Full,Api,RefreshToken')).to.deep.equal(['Full', 'Api', 'RefreshToken']);
      expect(splitList(' Full ,, Api ,')).to.deep.equal(['Full', 'Api']);
      expect(splitList(undefined)).to.deep.equal([]);
    });

    it('joins with ", " as Salesforce retrieves it', () => {
      expect(joinList(['System Administrator', 'Support Agent'])).to.equal('System Administrator, Support Agent');
    });
  });
});
