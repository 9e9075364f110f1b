import { describe, expect, it } from 'vitest';
import { shortcodeUnautop } from './shortcodes.js';
import { wpautop } from './wpautop.js';

/**
 * Inputs and outputs from WordPress's own tests of wpautop (tests/phpunit/tests/formatting/Functions_WpAutop_Test.php
 * in wordpress-develop), as data. WordPress compares `trim(wpautop($input))` in most of them; `trim` says which.
 */
const CASES: { name: string; input: string; expected: string; trim: boolean }[] = [
  {
    name: 'the first post (#11008): paragraphs, single line breaks, lists left alone',
    input:
      '\nWelcome to WordPress!  This post contains important information.\n\nFirst things first:\n<ul>\n<li><a href="%1$s" title="Subscribe">Subscribe to the WordPress mailing list for release notifications</a></li>\n</ul>\nAs a subscriber, you will receive an email every time an update is available (and only then).\nWhen a new version is released, <a href="%2$s" title="Log in">log in to the Dashboard</a> and follow the instructions.\nUpgrading is a couple of clicks!\n\nThen you can start enjoying the WordPress experience:\n<ul>\n<li>Edit your personal information at <a href="%3$s" title="Edit">Users &#8250; Profile</a></li>\n<li>Start publishing at <a href="%4$s" title="Create a new post">Posts &#8250; Add New</a></li>\n</ul>\nTo keep this post for reference, <a href="%11$s" title="Click">click to edit it</a>.\n\nThank you for selecting WordPress.  We wish you happy publishing!\n',
    expected:
      '<p>Welcome to WordPress!  This post contains important information.</p>\n<p>First things first:</p>\n<ul>\n<li><a href="%1$s" title="Subscribe">Subscribe to the WordPress mailing list for release notifications</a></li>\n</ul>\n<p>As a subscriber, you will receive an email every time an update is available (and only then).<br />\nWhen a new version is released, <a href="%2$s" title="Log in">log in to the Dashboard</a> and follow the instructions.<br />\nUpgrading is a couple of clicks!</p>\n<p>Then you can start enjoying the WordPress experience:</p>\n<ul>\n<li>Edit your personal information at <a href="%3$s" title="Edit">Users &#8250; Profile</a></li>\n<li>Start publishing at <a href="%4$s" title="Create a new post">Posts &#8250; Add New</a></li>\n</ul>\n<p>To keep this post for reference, <a href="%11$s" title="Click">click to edit it</a>.</p>\n<p>Thank you for selecting WordPress.  We wish you happy publishing!</p>\n',
    trim: false,
  },
  {
    name: '<pre> is not touched (#19855)',
    input: 'Look at this code\n\n<pre>Line1<br />Line2<br>Line3<br/>Line4\nActual Line 2\nActual Line 3</pre>\n\nCool, huh?',
    expected: '<p>Look at this code</p>\n<pre>Line1<br />Line2<br>Line3<br/>Line4\nActual Line 2\nActual Line 3</pre>\n<p>Cool, huh?</p>',
    trim: true,
  },
  {
    name: 'code in <pre> with blank lines stays one block (#19855)',
    input: '<pre>function f() {\n\n  return 1;\n}</pre>',
    expected: '<pre>function f() {\n\n  return 1;\n}</pre>',
    trim: true,
  },
  {
    name: 'no <br /> added around <input> (#16456)',
    input: 'Username: <input type="text" id="username" name="username" /><br />Password: <input type="password" id="password1" name="password1" />',
    expected: '<p>Username: <input type="text" id="username" name="username" /><br />Password: <input type="password" id="password1" name="password1" /></p>',
    trim: true,
  },
  {
    name: 'inline <math> is wrapped (#13340; WordPress took math out of its block list)',
    input: '<math><mrow><msup><mi>a</mi><mn>2</mn></msup><mo>+</mo><msup><mi>b</mi><mn>2</mn></msup></mrow></math>',
    expected: '<p><math><mrow><msup><mi>a</mi><mn>2</mn></msup><mo>+</mo><msup><mi>b</mi><mn>2</mn></msup></mrow></math></p>',
    trim: true,
  },
  {
    name: 'block <math> gets no <br /> inside (#13340)',
    input: '<math display="block">\n\t<mtable>\n\t\t<mtr>\n\t\t\t<mtd><mi>a</mi></mtd>\n\t\t</mtr>\n\t</mtable>\n</math>',
    expected: '<p><math display="block">\n\t<mtable>\n\t\t<mtr>\n\t\t\t<mtd><mi>a</mi></mtd>\n\t\t</mtr>\n\t</mtable>\n</math></p>',
    trim: true,
  },
  {
    name: 'no <p> or <br /> around <source> and <track> (#26864)',
    input:
      'Paragraph one.\n\n<video class="wp-video-shortcode" id="video-0-1" width="640" height="360" preload="metadata" controls="controls">\n\t\t\t\t<source type="video/mp4" src="http://domain.tld/wp-content/uploads/2013/12/xyz.mp4" />\n\t\t\t\t<!-- WebM/VP8 for Firefox4, Opera, and Chrome -->\n\t\t\t\t<source type="video/webm" src="myvideo.webm" />\n\t\t\t\t<track kind="subtitles" src="subtitles.srt" srclang="en" />\n\t\t\t\t<a href="http://domain.tld/wp-content/uploads/2013/12/xyz.mp4">http://domain.tld/wp-content/uploads/2013/12/xyz.mp4</a>\n\t\t\t</video>\n\nParagraph two.',
    expected:
      '<p>Paragraph one.</p>\n<p><video class="wp-video-shortcode" id="video-0-1" width="640" height="360" preload="metadata" controls="controls"><source type="video/mp4" src="http://domain.tld/wp-content/uploads/2013/12/xyz.mp4" /><!-- WebM/VP8 for Firefox4, Opera, and Chrome --><source type="video/webm" src="myvideo.webm" /><track kind="subtitles" src="subtitles.srt" srclang="en" /><a href="http://domain.tld/wp-content/uploads/2013/12/xyz.mp4">http://domain.tld/wp-content/uploads/2013/12/xyz.mp4</a></video></p>\n<p>Paragraph two.</p>',
    trim: true,
  },
  {
    name: 'no <p> or <br /> inside [video] around <source> (#26864)',
    input:
      'Paragraph one.\n\n[video width="720" height="480" mp4="http://domain.tld/wp-content/uploads/2013/12/xyz.mp4"]\n\t\t\t<!-- WebM/VP8 for Firefox4, Opera, and Chrome -->\n\t\t\t<source type="video/webm" src="myvideo.webm" />\n\t\t\t[/video]\n\nParagraph two.',
    expected:
      '<p>Paragraph one.</p>\n<p>[video width="720" height="480" mp4="http://domain.tld/wp-content/uploads/2013/12/xyz.mp4"]<!-- WebM/VP8 for Firefox4, Opera, and Chrome --><source type="video/webm" src="myvideo.webm" />[/video]</p>\n<p>Paragraph two.</p>',
    trim: true,
  },
  {
    name: 'no <p> or <br /> around <param> and <embed> (#26864)',
    input:
      '\nParagraph one.\n\n<object width="400" height="224" classid="clsid:d27cdb6e-ae6d-11cf-96b8-444553540000">\n\t<param name="src" value="http://domain.tld/wp-content/uploads/2013/12/xyz.swf" />\n\t<param name="allowfullscreen" value="true" />\n\n\t<embed width="400" height="224" type="application/x-shockwave-flash" src="http://domain.tld/wp-content/uploads/2013/12/xyz.swf" />\n</object>\n\nParagraph two.',
    expected:
      '<p>Paragraph one.</p>\n<p><object width="400" height="224" classid="clsid:d27cdb6e-ae6d-11cf-96b8-444553540000"><param name="src" value="http://domain.tld/wp-content/uploads/2013/12/xyz.swf" /><param name="allowfullscreen" value="true" /><embed width="400" height="224" type="application/x-shockwave-flash" src="http://domain.tld/wp-content/uploads/2013/12/xyz.swf" /></object></p>\n<p>Paragraph two.</p>',
    trim: true,
  },
  {
    name: 'no <br /> in <select> and <option> (#22230)',
    input: 'Country: <select id="state" name="state"><option value="1">Alabama</option><option value="2">Alaska</option></select>',
    expected: '<p>Country: <select id="state" name="state"><option value="1">Alabama</option><option value="2">Alaska</option></select></p>',
    trim: true,
  },
  {
    name: "a blockquote's contents get paragraphs, not the blockquote itself (#27268)",
    input: '<blockquote>foo</blockquote>',
    expected: '<blockquote><p>foo</p></blockquote>',
    trim: true,
  },
  {
    name: 'newlines inside an element are not mangled (#33106)',
    input: "Hello <a\nhref='world'>",
    expected: "<p>Hello <a\nhref='world'></p>\n",
    trim: false,
  },
  {
    name: 'newlines inside a comment are not mangled (#33106)',
    input: "Hello <!-- a\nhref='world' -->",
    expected: "<p>Hello <!-- a\nhref='world' --></p>\n",
    trim: false,
  },
  {
    name: 'a comment holding <object> and <param> is left alone (#33106)',
    input: 'Hello <!-- <object>\n<param>\n<param>\n<embed>\n</embed>\n</object>\n -->',
    expected: '<p>Hello <!-- <object>\n<param>\n<param>\n<embed>\n</embed>\n</object>\n --></p>\n',
    trim: false,
  },
  {
    name: 'newlines inside CDATA are not mangled (#33106)',
    input: 'Hello <![CDATA[ a\nhttps://youtu.be/jgz0uSaOZbE\n ]]>',
    expected: '<p>Hello <![CDATA[ a\nhttps://youtu.be/jgz0uSaOZbE\n ]]></p>\n',
    trim: false,
  },
  {
    name: 'a comment inside CDATA (#33106)',
    input: 'Hello <![CDATA[ <!-- a\nhttps://youtu.be/jgz0uSaOZbE\n a\n9 ]]> -->',
    expected: '<p>Hello <![CDATA[ <!-- a\nhttps://youtu.be/jgz0uSaOZbE\n a\n9 ]]> --></p>\n',
    trim: false,
  },
  {
    name: 'line breaks after <br> are not doubled (#33377)',
    input: '\nline 1<br>\nline 2<br/>\nline 3<br />\nline 4\nline 5\n',
    expected: '<p>line 1<br />\nline 2<br />\nline 3<br />\nline 4<br />\nline 5</p>',
    trim: true,
  },
  {
    name: 'two <br>s make a paragraph, whatever their form (#33377)',
    input: '\nline 1<br>\n<br/>\nline 2<br/>\n<br />\n',
    expected: '<p>line 1</p>\n<p>line 2</p>',
    trim: true,
  },
  { name: 'text before a block gets its paragraph (#4857)', input: 'a<div>b</div>', expected: '<p>a</p>\n<div>b</div>', trim: true },
  {
    name: 'no extra </p> in a figure (#39307)',
    input: '<figure><img src="example.jpg" /><figcaption>Caption</figcaption></figure>',
    expected: '<figure><img src="example.jpg" /><figcaption>Caption</figcaption></figure>',
    trim: true,
  },
  {
    name: 'no extra </p> in a figure written over lines (#39307)',
    input: '<figure>\n<img src="example.jpg" />\n<figcaption>Caption</figcaption>\n</figure>',
    expected: '<figure>\n<img src="example.jpg" /><figcaption>Caption</figcaption></figure>',
    trim: true,
  },
  { name: '<hr> is not wrapped (#14674)', input: 'paragraph1<hr>paragraph2', expected: '<p>paragraph1</p>\n<hr>\n<p>paragraph2</p>', trim: true },
  {
    name: 'inline SVG keeps its newlines (#9437)',
    input: '<svg xmlns="http://www.w3.org/2000/svg">\n\t\t\t\t<circle cx="50" cy="50" r="30" fill="blue">\n\t\t\t\t</circle>\n\t\t\t</svg>',
    expected: '<p><svg xmlns="http://www.w3.org/2000/svg">\n\t\t\t\t<circle cx="50" cy="50" r="30" fill="blue">\n\t\t\t\t</circle>\n\t\t\t</svg></p>',
    trim: true,
  },
  {
    name: 'inline scripts keep their newlines (#9437)',
    input: '<script type="text/javascript">\n\t\t\t\tvar dummy = 1;\n\t\t\t</script>',
    expected: '<p><script type="text/javascript">\n\t\t\t\tvar dummy = 1;\n\t\t\t</script></p>',
    trim: true,
  },
];

const BLOCKS =
  'table thead tfoot caption col colgroup tbody tr td th div dl dd dt ul ol li pre form map area address style p h1 h2 h3 h4 h5 h6 fieldset legend section article aside hgroup header footer nav figure details menu summary'.split(
    ' ',
  );
const INLINES = 'a em strong small s cite q dfn abbr data time code var samp kbd sub sup i b u mark span del ins noscript select'.split(' ');

describe('wpautop (WordPress test cases)', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const out = wpautop(c.input);
      expect(c.trim ? out.trim() : out).toBe(c.expected);
    });
  }

  it('treats block-level elements as blocks (#27268)', () => {
    const content = BLOCKS.map((b) => `<${b}>foo</${b}>`);
    expect(wpautop(content.join('\n\n')).trim()).toBe(content.join('\n'));
    expect(wpautop(content.join('')).trim()).toBe(content.join('\n'));
    const empty = BLOCKS.map((b) => `<${b}/>`);
    expect(wpautop(empty.join('')).trim()).toBe(empty.join('\n'));
    const withAttributes = BLOCKS.map((b) => `<${b} attr='value'>foo</${b}>`);
    expect(wpautop(withAttributes.join('')).trim()).toBe(withAttributes.join('\n'));
  });

  it('treats inline elements as inline (#27268)', () => {
    const content = INLINES.map((i) => `<${i}>foo</${i}>`).join('\n\n');
    const expected = INLINES.map((i) => `<p><${i}>foo</${i}></p>`).join('\n');
    expect(wpautop(content).trim()).toBe(expected);
  });

  it("gives nothing for nothing, and keeps a no-break space as text (PHP's \\s is ASCII)", () => {
    expect(wpautop('  \n\n ')).toBe('');
    expect(wpautop('a\n\n\u00a0\n\nb').trim()).toBe('<p>a</p>\n<p>\u00a0</p>\n<p>b</p>');
  });

  it('can leave single line breaks alone ($br = false)', () => {
    expect(wpautop('one\ntwo\n\nthree', false).trim()).toBe('<p>one\ntwo</p>\n<p>three</p>');
  });
});

describe('shortcodeUnautop', () => {
  it('takes the paragraph off a shortcode that stands alone, for the names given', () => {
    const autop = wpautop('Intro\n\n[gallery ids="1,2"]\n\n[caption width="10"]<img src="a.jpg" /> Cap[/caption]\n\n[other]');
    expect(shortcodeUnautop(autop, ['gallery', 'caption']).trim()).toBe(
      '<p>Intro</p>\n[gallery ids="1,2"]\n[caption width="10"]<img src="a.jpg" /> Cap[/caption]\n<p>[other]</p>',
    );
  });

  it('leaves a shortcode inside a sentence in its paragraph', () => {
    expect(shortcodeUnautop('<p>See [gallery] here</p>', ['gallery'])).toBe('<p>See [gallery] here</p>');
  });
});
