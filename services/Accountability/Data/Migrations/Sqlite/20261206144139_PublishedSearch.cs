using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PlanServices.Accountability.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class PublishedSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "published_text",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    meeting_id = table.Column<string>(type: "TEXT", nullable: false),
                    version = table.Column<int>(type: "INTEGER", nullable: false),
                    anchor = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    heading = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    text = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_published_text", x => x.id);
                    table.ForeignKey(
                        name: "FK_published_text_published_packs_meeting_id_version",
                        columns: x => new { x.meeting_id, x.version },
                        principalTable: "published_packs",
                        principalColumns: new[] { "MeetingId", "Version" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_published_text_meeting_id_version",
                table: "published_text",
                columns: new[] { "meeting_id", "version" });

            // The full-text index: FTS5 over the table's heading and text (Porter stems), kept in step by triggers.
            migrationBuilder.Sql("""
                CREATE VIRTUAL TABLE published_text_fts USING fts5(heading, text, content='published_text', content_rowid='id', tokenize='porter unicode61');
                CREATE TRIGGER published_text_ai AFTER INSERT ON published_text BEGIN
                  INSERT INTO published_text_fts(rowid, heading, text) VALUES (new.id, new.heading, new.text);
                END;
                CREATE TRIGGER published_text_ad AFTER DELETE ON published_text BEGIN
                  INSERT INTO published_text_fts(published_text_fts, rowid, heading, text) VALUES ('delete', old.id, old.heading, old.text);
                END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TABLE published_text_fts;");
            migrationBuilder.DropTable(
                name: "published_text");
        }
    }
}
